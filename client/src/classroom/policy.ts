// Ring Wars: the policy team's console. Each control sends one policy message; the kernel applies
// it and everyone is told what changed. File modes of the vault, group vault per team, a syscall
// allow-list per team, a capability per team, and the SMEP / SMAP / KPTI switches with their cost.

import * as actions from "../actions.ts";
import { MITIGATION_COST_QUARTERS } from "../../../shared/params.ts";
import { h, layer } from "../ui/dom.ts";
import { ID } from "../ui/ids.ts";
import type { ClassroomSnap } from "./snap.ts";

const VAULT_FILES = ["/srv/vault/flag.txt", "/srv/vault/flag.bak", "/srv/vault/shared-input.txt", "/usr/local/bin/vault-cat"];
/** A workload's calls: an allow-list without them denies legitimate work. */
const WORK_LIST = ["open", "read", "write", "close", "mmap", "brk", "getpid", "exit"];

export class PolicyPanel {
  private readonly el: HTMLElement;
  /** Team names; team 0 is the policy team, the console acts on the others. */
  private readonly teams: readonly string[];
  private readonly mit = new Map<string, HTMLInputElement>();
  private shown: string | undefined;

  constructor(teams: readonly string[]) {
    this.teams = teams;
    this.el = h("section", { id: ID.classPolicy, class: "cr-policy", "aria-label": "Policy console", hidden: true });
    this.build();
    layer().append(this.el);
  }

  toggle(): void {
    this.el.hidden = !this.el.hidden;
  }

  /** Show the server's switches when they change (not on every tick: a click waits for the kernel's answer). */
  update(c: ClassroomSnap): void {
    if (c.mitigations === this.shown) return;
    this.shown = c.mitigations;
    const on = new Set(c.mitigations.split(",").filter(Boolean));
    for (const [k, box] of this.mit) box.checked = on.has(k);
  }

  destroy(): void {
    this.el.remove();
  }

  private build(): void {
    const teamSel = () => h("select", { "aria-label": "team" }, ...this.teams.slice(1).map((name, i) => h("option", { value: String(i + 1) }, `team ${name}`)));
    const file = h("select", { id: ID.classPolicyFile, "aria-label": "file" }, ...VAULT_FILES.map((f) => h("option", { value: f }, f)));
    const mode = h("input", { id: ID.classPolicyMode, value: "0600", size: 5, "aria-label": "mode (octal)" });
    const chmod = btn("chmod", () => actions.policy({ kind: "chmod", path: file.value, mode: mode.value.trim() }));
    const gTeam = teamSel();
    const groupAdd = btn("add to group vault", () => actions.policy({ kind: "group", team: Number(gTeam.value), member: true }));
    const groupDel = btn("remove", () => actions.policy({ kind: "group", team: Number(gTeam.value), member: false }));
    const aTeam = teamSel();
    const list = h("input", { id: ID.classPolicyAllow, value: WORK_LIST.join(","), "aria-label": "allowed syscalls, comma-separated" });
    const allow = btn("set allow-list", () => actions.policy({ kind: "allow", team: Number(aTeam.value), syscalls: list.value.split(",").map((s) => s.trim()).filter(Boolean) }));
    const clear = btn("no filter", () => actions.policy({ kind: "allow", team: Number(aTeam.value), syscalls: null }));
    const cTeam = teamSel();
    const cap = h("select", { "aria-label": "capability" }, ...["CAP_KILL", "CAP_SETUID", "CAP_DAC_OVERRIDE", "CAP_SYS_NICE"].map((x) => h("option", { value: x }, x)));
    const revoke = btn("revoke", () => actions.policy({ kind: "cap", team: Number(cTeam.value), cap: cap.value, grant: false }));
    const grant = btn("grant", () => actions.policy({ kind: "cap", team: Number(cTeam.value), cap: cap.value, grant: true }));
    const mits = (Object.keys(MITIGATION_COST_QUARTERS) as (keyof typeof MITIGATION_COST_QUARTERS)[]).map((k) => {
      const box = h("input", { type: "checkbox", id: `${ID.classPolicy}-${k}` });
      box.addEventListener("change", () => actions.policy({ kind: "mitigation", name: k, on: box.checked }));
      this.mit.set(k, box);
      return h("label", {}, box, ` ${k.toUpperCase()} `, h("small", {}, `+${MITIGATION_COST_QUARTERS[k] / 4} tick/syscall`));
    });
    this.el.append(
      h("h3", {}, "Policy console ", h("small", {}, "K to hide")),
      row("File mode", file, mode, chmod),
      row("Group vault", gTeam, groupAdd, groupDel),
      row("Allow-list", aTeam, list, allow, clear),
      row("Capability", cTeam, cap, revoke, grant),
      row("Hardening", ...mits),
      h("p", { class: "muted" }, "Deny illegitimate attempts, not legitimate work: denying a team's own files or workload calls costs you points."),
    );
  }
}

function btn(label: string, onClick: () => void): HTMLButtonElement {
  const b = h("button", { type: "button", class: "btn small" }, label);
  b.addEventListener("click", onClick);
  return b;
}

function row(label: string, ...controls: HTMLElement[]): HTMLElement {
  return h("div", { class: "cr-prow" }, h("span", { class: "cr-plabel" }, label), ...controls);
}
