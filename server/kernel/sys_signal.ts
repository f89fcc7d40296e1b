// Signal syscalls: rt_sigaction (simplified ABI: signum and handler) and kill.

import { defaultAction, isUncatchable, isValidSignal, SIG_DFL, SIG_IGN, signalName } from "../../shared/abi/signals.ts";
import { formatAddr } from "../../shared/addr.ts";
import type { KState } from "./kstate.ts";
import type { Proc } from "./proc.ts";
import { fail, int32, reg, type Call } from "./ucall.ts";
import { mayKill } from "./cred.ts";
import { sendSignal } from "./signal.ts";

/**
 * rt_sigaction(2), simplified to (signum, handler) with handler SIG_DFL, SIG_IGN or a user
 * address (checked only when the signal is delivered). EINVAL for an invalid signal number and
 * for SIGKILL or SIGSTOP, whose action can never be changed.
 */
export function sysRtSigaction(_ks: KState, c: Call): number {
  const sig = int32(reg(c, 0));
  const h = reg(c, 1);
  if (!isValidSignal(sig)) return fail(c, "EINVAL", `${sig} is not a signal number (1..64)`);
  if (isUncatchable(sig)) return fail(c, "EINVAL", `${signalName(sig)} cannot be caught, blocked or ignored: its action can never be changed`);
  c.p.sigaction[sig] = h;
  if (h === SIG_IGN || (h === SIG_DFL && defaultAction(sig) === "ign")) c.p.pending = c.p.pending.filter((s) => s.sig !== sig);
  c.reason = h === SIG_DFL ? `${signalName(sig)} back to its default action (${defaultAction(sig)})` : h === SIG_IGN ? `${signalName(sig)} will be ignored` : `${signalName(sig)} will run your handler at ${formatAddr(h)}`;
  return 0;
}

/**
 * kill(2): pid > 0 one process, 0 your process group, -1 every process you may signal except
 * init and yourself, < -1 the group -pid. EINVAL bad signal; ESRCH no such process (a zombie
 * still exists: success); EPERM when you lack CAP_KILL and neither your real nor effective uid
 * matches the target's real or saved uid. Signal 0 only checks.
 */
export function sysKill(ks: KState, c: Call): number {
  const p = c.p;
  const pid = int32(reg(c, 0));
  const sig = int32(reg(c, 1));
  if (sig !== 0 && !isValidSignal(sig)) return fail(c, "EINVAL", `${sig} is not a signal number (0..64)`);
  const name = sig === 0 ? "signal 0" : signalName(sig);
  const deny = (t: Proc): string =>
    `uid ${p.cred.euid} (${ks.user(p.cred.euid)}) may not signal pid ${t.pid} (owned by uid ${t.cred.ruid}, ${ks.user(t.cred.ruid)}) without CAP_KILL`;
  const permitted = (t: Proc): boolean => mayKill(p.cred, t.cred) || (sig === 18 && t.tty === p.tty);
  if (pid > 0) {
    const t = ks.procs.get(pid);
    if (!t) return fail(c, "ESRCH", `no process has pid ${pid}`);
    if (!permitted(t)) return fail(c, "EPERM", deny(t));
    if (sig !== 0) sendSignal(ks, t, sig, p, `kill from pid ${p.pid}`);
    c.reason = sig === 0 ? `pid ${pid} exists and you may signal it${t.state === "ZOMBIE" ? " (it is a zombie)" : ""}` : t.state === "ZOMBIE" ? `pid ${pid} is a zombie: it still exists, so kill succeeds, but nothing happens` : pid === 1 && t.sigaction[sig] < 2 ? `init ignores ${name}: it has no handler for it` : `${name} sent to pid ${pid}`;
    return 0;
  }
  if (pid === -1) {
    // kill_something_info: count every other process but init; an EPERM does not become the result.
    let count = 0;
    let ret = 0;
    let sent = 0;
    for (const t of [...ks.procs.values()]) {
      if (t.pid <= 1 || t.pid === p.pid) continue;
      count++;
      if (!permitted(t)) continue;
      if (sig !== 0) sendSignal(ks, t, sig, p, `kill(-1) from pid ${p.pid}`);
      sent++;
      ret = 0;
    }
    if (count === 0) return fail(c, "ESRCH", "there is no other process besides init and you");
    c.reason = `${name} sent to the ${sent} process${sent === 1 ? "" : "es"} you may signal (of ${count}, init and yourself excluded)`;
    return ret;
  }
  if (pid === -0x80000000) return fail(c, "ESRCH", "-INT_MIN is not a process group");
  const pgid = pid === 0 ? p.pgid : -pid;
  const group = [...ks.procs.values()].filter((t) => t.pgid === pgid);
  if (group.length === 0) return fail(c, "ESRCH", `no process is in group ${pgid}`);
  let ok = 0;
  let last: Proc | undefined;
  for (const t of group) {
    if (!permitted(t)) {
      last = t;
      continue;
    }
    if (sig !== 0) sendSignal(ks, t, sig, p, `kill to group ${pgid} from pid ${p.pid}`);
    ok++;
  }
  if (ok === 0 && last) return fail(c, "EPERM", deny(last));
  c.reason = `${name} sent to ${ok} process${ok === 1 ? "" : "es"} in group ${pgid}`;
  return 0;
}
