// The administrator's policy (server/kernel/policy.ts) that classroom "Ring Wars" uses: group
// membership, chmod/chown, a seccomp-like allow-list answering EPERM, SMEP/SMAP/KPTI and their
// cost. Each through the kernel's public API, as the room uses it.

import { describe, expect, test } from "vitest";
import { Kernel } from "../../server/kernel/index.ts";
import { SYS } from "../../shared/abi/syscalls.ts";
import { O } from "../../shared/abi/flags.ts";
import { LAYOUT } from "../../shared/params.ts";
import { parseAddr } from "../../shared/addr.ts";
import { ALICE, BOB, boot, mem, spawn, sys } from "./helpers.ts";

const TEAM_GID = 2000;

function machine(): Kernel {
  return boot({ groups: [{ name: "red", gid: TEAM_GID }], files: [{ path: "/teams/red/plan.txt", uid: ALICE, gid: TEAM_GID, mode: "0640", data: "attack at dawn\n" }] });
}

describe("admin: group membership (open(2) group bits)", () => {
  test("bob gets EACCES on a 0640 file of group red until he is put in the group", () => {
    const k = machine();
    const bob = spawn(k, { uid: BOB });
    expect(sys(k, bob, "open", { text: "/teams/red/plan.txt" }, O.O_RDONLY).errno).toBe("EACCES");
    const r = k.admin({ op: "setGroups", pid: bob, groups: [BOB, TEAM_GID] });
    expect(r.ok).toBe(true);
    expect(k.proc(bob)!.groups).toContain(TEAM_GID);
    expect(sys(k, bob, "open", { text: "/teams/red/plan.txt" }, O.O_RDONLY).ret).toBeGreaterThanOrEqual(3);
    expect(k.auditTail(20).some((e) => e.kind === "policy" && e.text.startsWith("setgroups"))).toBe(true);
  });

  test("bad input is a readable error, never a throw", () => {
    const k = machine();
    expect(k.admin({ op: "setGroups", pid: 999, groups: [1] })).toMatchObject({ ok: false });
    expect(k.admin({ op: "setGroups", pid: 1, groups: [1] })).toMatchObject({ ok: false });
    expect(k.admin({ op: "setAttr", path: "relative", mode: "0600" })).toMatchObject({ ok: false });
    expect(k.admin({ op: "setAttr", path: "/nope", mode: "0600" })).toMatchObject({ ok: false });
    expect(k.admin({ op: "bogus" } as never)).toMatchObject({ ok: false });
    expect(k.admin(null as never)).toMatchObject({ ok: false });
  });
});

describe("admin: chmod as root", () => {
  test("a world-writable file opens for anyone; chmod back to 0640 closes it", () => {
    const k = machine();
    const bob = spawn(k, { uid: BOB });
    expect(k.admin({ op: "setAttr", path: "/teams/red/plan.txt", mode: "0666" }).ok).toBe(true);
    expect(sys(k, bob, "open", { text: "/teams/red/plan.txt" }, O.O_RDWR).ret).toBeGreaterThanOrEqual(3);
    k.admin({ op: "setAttr", path: "/teams/red/plan.txt", mode: "0640" });
    expect(sys(k, bob, "open", { text: "/teams/red/plan.txt" }, O.O_RDONLY).errno).toBe("EACCES");
  });
});

describe("admin: syscall allow-list (seccomp, SECCOMP_RET_ERRNO)", () => {
  test("a call outside the list is EPERM before it runs; the list is inherited across fork", () => {
    const k = machine();
    const a = spawn(k, { uid: ALICE });
    k.admin({ op: "setFilter", pid: a, allow: [SYS.getpid, SYS.fork, SYS.write] });
    expect(sys(k, a, "getpid").ret).toBe(a);
    const r = sys(k, a, "getuid");
    expect(r.errno).toBe("EPERM");
    expect(r.reason).toContain("seccomp");
    const child = sys(k, a, "fork").ret;
    expect(child).toBeGreaterThan(0);
    expect(sys(k, child, "getuid").errno).toBe("EPERM");
    k.admin({ op: "setFilter", pid: a, allow: null });
    expect(sys(k, a, "getuid").ret).toBe(ALICE);
  });
});

describe("admin: SMEP / SMAP / KPTI", () => {
  test("each switch costs kernel time per syscall, KPTI most", () => {
    const cost = (set: Record<string, boolean>) => {
      const k = machine();
      const a = spawn(k, { uid: ALICE });
      k.admin({ op: "setMitigations", set });
      const before = k.proc(a)!.stime;
      for (let i = 0; i < 8; i++) sys(k, a, "write", 1, { text: "x" }, 1);
      // Let the stalls owed by the last call be paid.
      for (let i = 0; i < 4; i++) k.step();
      return k.proc(a)!.stime - before;
    };
    const none = cost({});
    expect(cost({ kpti: true })).toBe(none + 8);
    expect(cost({ smap: true })).toBe(none + 4);
    expect(cost({ smep: true })).toBe(none + 2);
  });

  test("with KPTI a user access to kernel text finds no mapping (P=0): still SIGSEGV SEGV_MAPERR", () => {
    const k = machine();
    const a = spawn(k, { uid: ALICE });
    const b = spawn(k, { uid: BOB });
    expect(mem(k, a, "load", parseAddr(LAYOUT.KERNEL_TEXT)!).fault).toMatchObject({ code: "SEGV_MAPERR", bit: "U/S" });
    k.admin({ op: "setMitigations", set: { kpti: true } });
    expect(k.mitigations().kpti).toBe(true);
    expect(k.pageTable(b).filter((p) => !p.user).every((p) => !p.present)).toBe(true);
    const r = mem(k, b, "load", parseAddr(LAYOUT.KERNEL_TEXT)!);
    expect(r.fault).toMatchObject({ signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "P" });
    expect(r.reason).toContain("KPTI");
  });
});

describe("admin: snapshot, hash and replay", () => {
  test("a machine that never used policy keeps the same snapshot keys", () => {
    const k = machine();
    spawn(k, { uid: ALICE });
    expect(Object.keys(k.snapshot())).not.toContain("mitigations");
  });

  test("replay of the input log repeats every admin change: same hash", () => {
    const k = machine();
    const a = spawn(k, { uid: ALICE });
    const b = spawn(k, { uid: BOB });
    k.admin({ op: "setMitigations", set: { kpti: true, smap: true } });
    k.admin({ op: "setFilter", pid: a, allow: [SYS.getpid] });
    k.admin({ op: "setGroups", pid: b, groups: [TEAM_GID] });
    k.admin({ op: "setAttr", path: "/teams/red/plan.txt", mode: "0600" });
    sys(k, a, "getuid");
    sys(k, b, "write", 1, { text: "hi" }, 2);
    for (let i = 0; i < 5; i++) k.step();
    const config = { seed: 7, users: [{ name: "alice", uid: ALICE, gid: ALICE }, { name: "bob", uid: BOB, gid: BOB }], groups: [{ name: "red", gid: TEAM_GID }], files: [{ path: "/teams/red/plan.txt", uid: ALICE, gid: TEAM_GID, mode: "0640", data: "attack at dawn\n" }] };
    const again = Kernel.replay(config, k.inputLog());
    expect(again.hash()).toBe(k.hash());
    const restored = Kernel.restore(k.snapshot());
    expect(restored.hash()).toBe(k.hash());
    expect(restored.mitigations()).toEqual({ smep: false, smap: true, kpti: true });
    expect(restored.proc(a)).toBeDefined();
    expect(sys(restored, a, "getuid").errno).toBe("EPERM");
  });
});
