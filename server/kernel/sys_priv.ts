// Privileged syscalls: setuid, reboot, iopl, init_module. Each is a capability check first.

import { REBOOT } from "../../shared/abi/flags.ts";
import { formatAddr } from "../../shared/addr.ts";
import type { KState } from "./kstate.ts";
import { fail, int32, reg, userRead, type Call } from "./ucall.ts";
import { capable, setuid } from "./cred.ts";

/** setuid(2): see cred.ts setuid; EPERM without CAP_SETUID unless uid is the real or saved uid. */
export function sysSetuid(ks: KState, c: Call): number {
  const uid = reg(c, 0) >>> 0;
  const r = setuid(c.p.cred, uid === 0xffffffff ? -1 : uid, ks);
  if (!r.ok) return fail(c, r.errno, r.reason);
  c.p.cred = r.cred;
  c.reason = r.reason;
  return 0;
}

const MAGIC2 = new Set<number>([REBOOT.LINUX_REBOOT_MAGIC2, REBOOT.LINUX_REBOOT_MAGIC2A, REBOOT.LINUX_REBOOT_MAGIC2B, REBOOT.LINUX_REBOOT_MAGIC2C]);

/**
 * reboot(2): EPERM without CAP_SYS_BOOT (checked first), then EINVAL for wrong magic numbers or
 * an unknown command. CAD_ON/CAD_OFF just return 0; RESTART/HALT/POWER_OFF also raise a "reboot" event.
 */
export function sysReboot(ks: KState, c: Call): number {
  if (!capable(c.p.cred, "CAP_SYS_BOOT")) return fail(c, "EPERM", "rebooting needs CAP_SYS_BOOT, which you do not have");
  const m1 = reg(c, 0) >>> 0;
  const m2 = reg(c, 1) >>> 0;
  const cmd = reg(c, 2) >>> 0;
  if (m1 !== REBOOT.LINUX_REBOOT_MAGIC1 || !MAGIC2.has(m2)) return fail(c, "EINVAL", "the magic numbers are wrong (LINUX_REBOOT_MAGIC1 and LINUX_REBOOT_MAGIC2 guard against accidents)");
  if (cmd === REBOOT.LINUX_REBOOT_CMD_CAD_ON || cmd === REBOOT.LINUX_REBOOT_CMD_CAD_OFF) {
    c.reason = `Ctrl-Alt-Del ${cmd === REBOOT.LINUX_REBOOT_CMD_CAD_ON ? "now reboots at once" : "now sends SIGINT to init"}`;
    return 0;
  }
  if (cmd === REBOOT.LINUX_REBOOT_CMD_RESTART || cmd === REBOOT.LINUX_REBOOT_CMD_HALT || cmd === REBOOT.LINUX_REBOOT_CMD_POWER_OFF) {
    ks.emit({ type: "reboot", tick: ks.tick, pid: c.p.pid, cmd });
    c.reason = "CAP_SYS_BOOT: the machine goes down (the room decides what that means)";
    return 0;
  }
  return fail(c, "EINVAL", `command 0x${cmd.toString(16)} is not a reboot command`);
}

/** iopl(2): EINVAL for a level above 3; EPERM raising it without CAP_SYS_RAWIO. */
export function sysIopl(_ks: KState, c: Call): number {
  const level = reg(c, 0) >>> 0;
  if (level > 3) return fail(c, "EINVAL", `I/O privilege level ${level} does not exist (0..3)`);
  if (level > c.p.iopl && !capable(c.p.cred, "CAP_SYS_RAWIO")) return fail(c, "EPERM", `raising the I/O privilege level from ${c.p.iopl} to ${level} needs CAP_SYS_RAWIO`);
  c.p.iopl = level;
  c.reason = level === 3 ? "IOPL 3: this process may now use in/out instructions on every port from ring 3" : `I/O privilege level is now ${level}`;
  return 0;
}

/** init_module(2): EPERM without CAP_SYS_MODULE; EFAULT for a bad image pointer; else 0. */
export function sysInitModule(ks: KState, c: Call): number {
  if (!capable(c.p.cred, "CAP_SYS_MODULE")) return fail(c, "EPERM", "loading a kernel module needs CAP_SYS_MODULE: module code runs in ring 0 with no checks at all");
  const len = Math.min(Math.max(0, int32(reg(c, 1))), 1 << 16);
  const image = userRead(ks, c, reg(c, 0), len, "the module image");
  if (typeof image === "number") return image;
  c.reason = `module of ${image.length} bytes from ${formatAddr(reg(c, 0))} loaded: its code now runs in ring 0, with every privilege`;
  return 0;
}
