// The teacher page's talk with the server: HTTP for creating, reports, CSV and past sessions;
// socket.io (the teacher channel, same origin and port) for the live dashboard and projector.
// Host links (session id + host token) are kept in this browser's localStorage only.

import { io, type Socket } from "socket.io-client";
import { TEACHER_NS, type CreateSession, type HostedMode, type PastSession, type SessionInfo, type SessionReport } from "../../../shared/hosting.ts";

export interface HostLink {
  id: string;
  host: string;
  name: string;
  code: string;
  createdAt: string;
}

const LINKS_KEY = "ringzero.hostLinks";
const LINKS_KEPT = 50;

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function loadHostLinks(): HostLink[] {
  try {
    const v = JSON.parse(storage()?.getItem(LINKS_KEY) ?? "[]") as unknown;
    return Array.isArray(v) ? (v.filter((l) => l && typeof l.id === "string" && typeof l.host === "string") as HostLink[]) : [];
  } catch {
    return [];
  }
}

export function saveHostLink(link: HostLink): void {
  const links = [link, ...loadHostLinks().filter((l) => l.id !== link.id)].slice(0, LINKS_KEPT);
  try {
    storage()?.setItem(LINKS_KEY, JSON.stringify(links));
  } catch {
    // storage blocked: the host link on screen is all the teacher has
  }
}

/** The private link back to a session's dashboard (the token stays in the fragment, never sent in requests). */
export function hostUrl(id: string, host: string, page = "/teacher"): string {
  return `${location.origin}${page}#s=${encodeURIComponent(id)}&host=${encodeURIComponent(host)}`;
}

export function projectorUrl(id: string): string {
  return `${location.origin}/teacher/projector?session=${encodeURIComponent(id)}`;
}

/** Session id and host token from the page's fragment (#s=...&host=...). */
export function linkFromHash(): { id: string; host: string } | undefined {
  const p = new URLSearchParams(location.hash.slice(1));
  const id = p.get("s");
  const host = p.get("host");
  return id && host ? { id, host } : undefined;
}

async function json<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error(`The server answered ${res.status} without details. Is it still running?`);
  }
  if (!res.ok || (body as { ok?: boolean }).ok === false) throw new Error((body as { error?: string }).error ?? `The server answered ${res.status}.`);
  return body as T;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new Error("Cannot reach the Ring Zero server. Check that it is running and try again.");
  }
  return json<T>(res);
}

export function fetchModes(): Promise<{ modes: { mode: HostedMode; label: string; available: boolean }[] }> {
  return call("/api/hosting/modes");
}

export function createSession(form: Partial<CreateSession>): Promise<{ session: SessionInfo; hostToken: string }> {
  return call("/api/hosting/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(form) });
}

export function fetchReport(id: string, host: string): Promise<SessionReport> {
  return call(`/api/hosting/sessions/${encodeURIComponent(id)}/report`, { headers: { authorization: `Bearer ${host}` } });
}

export function fetchPast(links: readonly HostLink[]): Promise<{ sessions: PastSession[] }> {
  return call("/api/hosting/past", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tokens: links.map((l) => l.host) }) });
}

/** Download the report CSV (fetched with the token in a header, saved through a blob link). */
export async function downloadCsv(id: string, host: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api/hosting/sessions/${encodeURIComponent(id)}/report.csv`, { headers: { authorization: `Bearer ${host}` } });
  } catch {
    throw new Error("Cannot reach the Ring Zero server to download the CSV.");
  }
  if (!res.ok) await json(res);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "ringzero-report.csv";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A socket on the teacher channel: with the host token, the dashboard; without, the projector. */
export function connect(session: string, host?: string): Socket {
  return io(TEACHER_NS, { auth: host ? { session, host } : { session }, transports: ["websocket", "polling"] });
}
