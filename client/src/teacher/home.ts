// The teacher's start page: create a session (name, mode, teams, late join, level locks,
// scheduler) and "my past sessions" from the host links kept in this browser.

import { HOSTED_MODES, MAX_TEAMS, POLICIES, SESSION_NAME_MAX, TEAM_NAMES, type CreateSession, type HostedMode } from "../../../shared/hosting.ts";
import { createSession, fetchModes, fetchPast, hostUrl, loadHostLinks, saveHostLink } from "./api.ts";
import { fmtTime, h, mount, statusPill } from "./ui.ts";

const POLICY_WORDS: Record<(typeof POLICIES)[number], string> = {
  rr: "Round-robin: everyone takes turns (a CPU hog slows the others)",
  mlfq: "MLFQ: interactive processes first; hogs sink to lower queues",
  fair: "Fair share (like Linux CFS): CPU time in proportion to nice weights",
};

export async function showHome(): Promise<void> {
  const name = h("input", { id: "session-name", type: "text", required: true, maxlength: SESSION_NAME_MAX, value: `Class ${new Date().toLocaleDateString()}`, autocomplete: "off" });
  const modeBox = h("fieldset", { class: "modes" }, h("legend", {}, "What will the class play?"));
  const teams = h("select", { id: "session-teams" }, ...Array.from({ length: MAX_TEAMS + 1 }, (_, n) => h("option", { value: n, selected: n === 2 }, n === 0 ? "No teams" : `${n} teams (${TEAM_NAMES.slice(0, n).join(", ")})`)));
  const late = h("input", { id: "session-late", type: "checkbox", checked: true });
  const policy = h("select", { id: "session-policy" }, ...POLICIES.map((p) => h("option", { value: p }, POLICY_WORDS[p])));
  const unlocked = h("input", { id: "session-unlocked", type: "text", placeholder: "all levels (or level ids, comma-separated)", autocomplete: "off" });
  const unlockedRow = h("label", { class: "field", hidden: true }, h("span", {}, "Levels unlocked"), unlocked);
  const variant = h("select", { id: "session-variant" }, h("option", { value: "race" }, "Race: every team races its workload on the shared machine"), h("option", { value: "ringwars" }, "Ring Wars: the first team sets the kernel's policy, the others look for legitimate ways in"));
  const roundSeconds = h("select", { id: "session-round" }, ...[30, 60, 120, 180, 300, 600].map((s) => h("option", { value: s, selected: s === 120 }, s < 60 ? `${s} seconds` : `${s / 60} minute${s === 60 ? "" : "s"}`)));
  const variantRow = h("div", { hidden: true }, h("label", { class: "field" }, h("span", {}, "Team play"), variant), h("label", { class: "field" }, h("span", {}, "Round length"), roundSeconds));
  const error = h("p", { id: "create-error", class: "error", role: "alert" });
  const submit = h("button", { id: "create-session", type: "submit", class: "btn big" }, "Create session");
  const form = h(
    "form",
    { id: "create-form", class: "card create" },
    h("h2", {}, "Host a class session"),
    h("label", { class: "field" }, h("span", {}, "Session name"), name),
    modeBox,
    h("label", { class: "field" }, h("span", {}, "Teams"), teams),
    h("label", { class: "field check" }, late, h("span", {}, "Students may join after the start (late join)")),
    h("label", { class: "field" }, h("span", {}, "Scheduler policy"), policy),
    unlockedRow,
    variantRow,
    h("div", { class: "row" }, submit, h("span", { class: "muted" }, "No account needed. You get a join code, a QR code and a private host link.")),
    error,
  );
  const past = h("section", { id: "past-sessions", class: "card past" }, h("h2", {}, "My past sessions"), h("p", { class: "muted" }, "Loading..."));
  mount(h("header", { class: "top" }, h("h1", {}, "Ring Zero ", h("span", { class: "muted" }, "for teachers"))), h("div", { class: "home" }, form, past));

  let modes: { mode: HostedMode; label: string; available: boolean }[] = HOSTED_MODES.map((m) => ({ mode: m, label: m, available: m === "sandbox" }));
  try {
    modes = (await fetchModes()).modes;
  } catch (e) {
    error.textContent = (e as Error).message;
  }
  for (const m of modes) {
    const radio = h("input", { type: "radio", name: "mode", value: m.mode, checked: m.mode === "sandbox", disabled: !m.available, id: `mode-${m.mode}` });
    radio.addEventListener("change", () => {
      unlockedRow.hidden = m.mode !== "levels";
      variantRow.hidden = m.mode !== "classroom";
    });
    modeBox.append(h("label", { class: `mode${m.available ? "" : " unavailable"}` }, radio, h("span", {}, m.label, m.available ? "" : h("em", {}, " - not available on this server yet"))));
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const mode = (form.querySelector("input[name=mode]:checked") as HTMLInputElement | null)?.value as HostedMode | undefined;
    const body: Partial<CreateSession> = {
      name: name.value.trim(),
      mode: mode ?? "sandbox",
      teamCount: Number(teams.value),
      lateJoin: late.checked,
      policy: policy.value as CreateSession["policy"],
      ...(mode === "classroom" ? { variant: variant.value as CreateSession["variant"], roundSeconds: Number(roundSeconds.value) } : {}),
      unlocked: unlocked.value.split(",").map((s) => s.trim()).filter((s) => s && s !== "all"),
    };
    submit.disabled = true;
    submit.textContent = "Creating...";
    error.textContent = "";
    createSession(body)
      .then(({ session, hostToken }) => {
        saveHostLink({ id: session.id, host: hostToken, name: session.name, code: session.code, createdAt: session.createdAt });
        location.assign(hostUrl(session.id, hostToken));
      })
      .catch((err: Error) => {
        error.textContent = err.message;
        submit.disabled = false;
        submit.textContent = "Create session";
      });
  });
  name.focus();
  name.select();
  await showPast(past);
}

async function showPast(box: HTMLElement): Promise<void> {
  const links = loadHostLinks();
  const title = h("h2", {}, "My past sessions");
  if (links.length === 0) {
    box.replaceChildren(title, h("p", { class: "muted" }, "Sessions you create on this computer are listed here (their host links stay in this browser only)."));
    return;
  }
  try {
    const { sessions } = await fetchPast(links);
    const byId = new Map(links.map((l) => [l.id, l]));
    const rows = sessions.map((s) => {
      const link = byId.get(s.id)!;
      return h(
        "tr",
        {},
        h("td", {}, h("b", {}, s.name)),
        h("td", { class: "mono" }, s.code),
        h("td", {}, statusPill(s.status)),
        h("td", { class: "num" }, String(s.students)),
        h("td", {}, fmtTime(s.createdAt)),
        h("td", {}, h("a", { href: hostUrl(s.id, link.host) }, s.status === "ended" ? "Dashboard" : "Open dashboard"), " \u00b7 ", h("a", { href: hostUrl(s.id, link.host, "/teacher/report") }, "Report")),
      );
    });
    box.replaceChildren(title, h("table", { class: "table" }, h("thead", {}, h("tr", {}, ...["Session", "Code", "Status", "Students", "Created", ""].map((c) => h("th", {}, c)))), h("tbody", {}, ...rows)));
  } catch (e) {
    box.replaceChildren(title, h("p", { class: "error" }, (e as Error).message));
  }
}
