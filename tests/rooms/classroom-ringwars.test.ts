// Ring Wars through the Colyseus protocol: the policy team changes the kernel's policy by
// message; the attackers reach the vault's flag only by the three legitimate ways (a world-
// readable copy, the set-user-ID helper, group vault), and every illegitimate attempt fails
// through the real mechanism and costs them points; the policy team pays for denying
// legitimate work.

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { S2C } from "../../shared/protocol.ts";
import { LAYOUT } from "../../shared/params.ts";
import { CLASS_SCORE } from "../../server/classroom/score.ts";
import { VAULT, VAULT_GID } from "../../server/classroom/world.ts";
import { bootGame, waitForMessageWhere, waitForState, type TestGame } from "../helpers/game.ts";
import { access, call, respawn, classroomMessage, createClassroom, joinClassroom, myPid, myTeam, playOf, sessionOf, SMALL_WORKLOAD, type StudentRoom } from "./classroom-helpers.ts";

let game: TestGame;
beforeAll(async () => {
  game = await bootGame();
});
afterAll(async () => {
  await game.close();
});

async function readFlag(room: StudentRoom, path: string = VAULT.flag): Promise<any> {

  const open = await call(room, "open", [path, "O_RDONLY", 0]);
  if (open.ret < 0) return open;
  return call(room, "read", [open.ret, "64", 64]);
}

describe("Ring Wars", () => {
  test("legitimate ways in are captures; illegitimate attempts fail and cost points; the policy team pays for denied work", async () => {
    const first = await createClassroom(game, "p0", { teams: 2, variant: "ringwars", roundTicks: 5000, workload: SMALL_WORKLOAD });
    const rooms = [first, ...(await Promise.all(["a0", "p1", "a1"].map((n) => joinClassroom(game, first.roomId, n))))];
    await waitForState(first, (s) => s.players.size === 4 && s.classroom.phase === "playing");
    const [pol, pol2] = rooms.filter((r) => myTeam(r) === 0);
    const [att, att2] = rooms.filter((r) => myTeam(r) === 1);
    expect([pol, pol2, att, att2].every(Boolean)).toBe(true);
    expect(first.state.classroom.teams.map((t) => t.role)).toEqual(["policy", "attack"]);
    expect(first.state.classroom.vault).toBe(VAULT.flag);

    // The flag itself: mode 0640 root:vault, and the attackers are not in group vault.
    const denied = await readFlag(att2);
    expect(denied.errno).toBe("EACCES");
    expect(denied.reason).toMatch(/0640 owner root group vault/);
    // Illegitimate attempts, each refused by the real mechanism.
    expect((await call(att2, "setuid", [0])).errno).toBe("EPERM");
    expect((await call(att2, "kill", [myPid(pol), "SIGKILL"])).errno).toBe("EPERM");
    expect((await access(att2, "load", LAYOUT.KERNEL_DATA)).fault?.signal).toBe("SIGSEGV");
    // SIGSEGV killed that process: a fresh one (R), with the team's policy.
    await respawn(att2);

    // Legitimate way 1: a world-readable copy someone left behind.
    const cap1 = classroomMessage(pol, "capture");
    expect((await readFlag(att, VAULT.backup)).ret).toBeGreaterThan(0);
    expect((await cap1).how).toMatch(/world-readable copy/);
    // The policy team closes it; the same read is now EACCES (illegitimate).
    const told = classroomMessage(att, "policy");
    pol.send("policy", { kind: "chmod", path: VAULT.backup, mode: "0600" });
    expect((await told).text).toMatch(/chmod 0600 \/srv\/vault\/flag.bak/);
    expect((await readFlag(att2, VAULT.backup)).errno).toBe("EACCES");

    // Legitimate way 2: the set-user-ID helper makes the caller root (euid 0).
    const exec = await call(att, "execve", [VAULT.helper]);
    expect(exec.reason).toMatch(/set-user-ID|euid/i);
    const cap2 = classroomMessage(pol, "capture");
    expect((await readFlag(att)).ret).toBeGreaterThan(0);
    expect((await cap2).how).toMatch(/set-user-ID helper/);

    // Legitimate way 3: the policy team puts the attackers in group vault (for their shared input).
    pol2.send("policy", { kind: "group", team: 1, member: true });
    await waitForState(att2, () => sessionOf(game, att2).kernel.proc(myPid(att2))!.groups.includes(VAULT_GID));
    const cap3 = classroomMessage(pol, "capture");
    expect((await readFlag(att2)).ret).toBeGreaterThan(0);
    expect((await cap3).how).toMatch(/group vault/);

    // The policy team over-restricts: an allow-list without read denies legitimate work (EPERM).
    pol.send("policy", { kind: "allow", team: 1, syscalls: ["getpid", "write"] });
    await waitForMessageWhere(att2, S2C.CLASSROOM, (m) => m.type === "policy" && /may only call/.test(m.text));
    const r = await call(att2, "open", [`/teams/sky/input-1.txt`, "O_RDONLY", 0]);
    expect(r.errno).toBe("EPERM");
    expect(r.reason).toMatch(/^seccomp/);
    // Hardening switches: each costs throughput; the view shows which are on.
    pol.send("policy", { kind: "mitigation", name: "kpti", on: true });
    await waitForState(pol, (s) => s.classroom.mitigations === "kpti");
    // An attacker may not use the policy console: refused, and recorded as a violation.
    const refusal = waitForMessageWhere(att, S2C.NOTICE, (n) => /Only team Orange/.test(n.message));
    att.send("policy", { kind: "mitigation", name: "kpti", on: false });
    await refusal;
    expect(sessionOf(game, att).kernel.mitigations().kpti).toBe(true);

    const end = classroomMessage(pol, "round-end");
    expect(playOf(game, pol).endRoundNow()).toBe(true);
    const { result } = await end;
    const [policy, attack] = result.teams;
    expect(attack.captures).toBe(3);
    // setuid(0), kill, kernel load, flag EACCES, flag.bak EACCES after the chmod, and the forged policy message.
    expect(attack.illegitimate).toBe(6);
    expect(attack.parts.ringWars).toBe(3 * CLASS_SCORE.CAPTURE - 6 * CLASS_SCORE.ILLEGITIMATE);
    expect(policy.blocked).toBe(6);
    expect(policy.legitDenied).toBe(1);
    expect(policy.parts.work).toBe(0);
    expect(result.lines.join("\n")).toMatch(/Ring Wars: every illegitimate attempt failed/);
    await Promise.all(rooms.map((x) => x.leave()));
  });
});
