// HTTP routes of hosting: create a session, look up a join code, the report and its CSV, and
// "my past sessions". Teacher routes take the host token as a Bearer token; answers are JSON
// with a readable error, never a stack trace.

import express from "express";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { services } from "../services.ts";
import type { HostingService } from "./service.ts";
import { reportCsv } from "./csv.ts";
import { HOSTED_MODE, HOSTED_MODES } from "../../shared/hosting.ts";
import { log } from "../log.ts";

/** Sessions one address may create per minute. */
export const CREATES_PER_MINUTE = 30;

type Handler = (req: express.Request, res: express.Response, hosting: HostingService) => Promise<void>;

function route(fn: Handler): express.RequestHandler {
  return (req, res) => {
    const hosting = services().hosting;
    if (!hosting) {
      res.status(503).json({ ok: false, error: "Class sessions are not available on this server." });
      return;
    }
    fn(req, res, hosting).catch((err) => {
      log.error({ err, path: req.path }, "hosting route failed");
      if (!res.headersSent) res.status(500).json({ ok: false, error: "Something went wrong on the server. Try again in a moment." });
    });
  };
}

function bearer(req: express.Request): string | undefined {
  const m = /^Bearer (\S+)$/.exec(req.get("authorization") ?? "");
  return m?.[1];
}

/** Scheme, host and port as the teacher reached the server (the join link and QR use it). */
function origin(req: express.Request): string {
  return `${req.protocol}://${req.get("host") ?? "localhost"}`;
}

async function requireHost(req: express.Request, res: express.Response, hosting: HostingService): Promise<boolean> {
  const id = String(req.params.id);
  if (await hosting.isHost(id, bearer(req))) return true;
  hosting.refused(id, `http ${req.ip}`, req.path.endsWith(".csv") ? "download the CSV" : "open the report", "no valid host token");
  res.status(403).json({ ok: false, error: "Only the teacher's host link opens this report." });
  return false;
}

/** The hosting API, to mount at the app's root. */
export function hostingRoutes(): express.Router {
  const r = express.Router();
  const creates = new RateLimiterMemory({ points: CREATES_PER_MINUTE, duration: 60 });
  r.use("/api", express.json({ limit: "16kb" }));

  r.get("/api/hosting/modes", route(async (_req, res, hosting) => {
    res.json({ ok: true, modes: HOSTED_MODES.map((m) => ({ mode: m, label: HOSTED_MODE[m].label, available: hosting.available(m) })) });
  }));

  r.post("/api/hosting/sessions", route(async (req, res, hosting) => {
    try {
      await creates.consume(req.ip ?? "unknown");
    } catch {
      res.status(429).json({ ok: false, error: "Too many sessions created from this computer; wait a minute." });
      return;
    }
    const out = await hosting.create(req.body, origin(req));
    if (!out.ok) {
      res.status(out.status ?? 400).json(out);
      return;
    }
    res.status(201).json(out);
  }));

  r.get("/api/join/:code", route(async (req, res, hosting) => {
    const out = await hosting.joinInfo(req.params.code, req.ip);
    if (!out.ok) res.status(out.status ?? 404).json({ ok: false, error: out.error });
    else res.json(out.info);
  }));

  r.get("/api/hosting/sessions/:id/report", route(async (req, res, hosting) => {
    if (!(await requireHost(req, res, hosting))) return;
    const report = await hosting.report(String(req.params.id));
    if (!report) res.status(404).json({ ok: false, error: "No such session." });
    else res.json({ ok: true, ...report });
  }));

  r.get("/api/hosting/sessions/:id/report.csv", route(async (req, res, hosting) => {
    if (!(await requireHost(req, res, hosting))) return;
    const report = await hosting.report(String(req.params.id));
    if (!report) {
      res.status(404).json({ ok: false, error: "No such session." });
      return;
    }
    const file = `ringzero-${report.session.name.replace(/[^A-Za-z0-9_-]+/g, "-").slice(0, 40) || "session"}-${report.session.code}.csv`;
    res.type("text/csv; charset=utf-8").attachment(file).send("\ufeff" + reportCsv(report.students));
  }));

  r.post("/api/hosting/past", route(async (req, res, hosting) => {
    const tokens = Array.isArray(req.body?.tokens) ? (req.body.tokens as unknown[]) : [];
    res.json({ ok: true, sessions: await hosting.past(tokens) });
  }));

  r.use("/api", (_req, res) => {
    res.status(404).json({ ok: false, error: "No such API route." });
  });
  return r;
}
