// Linux capability numbers (linux/capability.h) and the words a student reads about each.
// A process's capability set is a bitmask over these numbers (all below 31, so plain bit ops work).

export const CAP = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_ADMIN: 12,
  CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
} as const;

export type CapName = keyof typeof CAP;

/** The full set root starts with. */
export const CAP_ALL: number = Object.values(CAP).reduce<number>((m, c) => m | (1 << c), 0);
export const CAP_NONE = 0;

export function capBit(cap: CapName): number {
  return 1 << CAP[cap];
}

export function hasCap(set: number, cap: CapName): boolean {
  return (set & (1 << CAP[cap])) !== 0;
}

/** Names of the capabilities in a set, in number order. */
export function capNames(set: number): CapName[] {
  return (Object.keys(CAP) as CapName[]).filter((n) => hasCap(set, n));
}

export function isCapName(s: string): s is CapName {
  return Object.prototype.hasOwnProperty.call(CAP, s);
}

/** What each capability lets a process skip, in capabilities(7)'s words, shortened. */
export const CAP_MEANING: Record<CapName, string> = {
  CAP_CHOWN: "change the owner of any file",
  CAP_DAC_OVERRIDE: "bypass file read, write and execute permission checks",
  CAP_DAC_READ_SEARCH: "bypass file read and directory search permission checks",
  CAP_FOWNER: "act as the owner of any file (chmod, utime)",
  CAP_FSETID: "keep set-user-ID bits when modifying a file",
  CAP_KILL: "send signals to any process",
  CAP_SETGID: "set any group id",
  CAP_SETUID: "set any user id",
  CAP_SETPCAP: "change capability sets",
  CAP_NET_BIND_SERVICE: "bind to ports below 1024",
  CAP_NET_ADMIN: "configure the network",
  CAP_NET_RAW: "use raw sockets",
  CAP_IPC_LOCK: "lock memory",
  CAP_SYS_MODULE: "load and unload kernel modules",
  CAP_SYS_RAWIO: "perform I/O port operations (iopl, ioperm)",
  CAP_SYS_CHROOT: "use chroot",
  CAP_SYS_PTRACE: "trace any process",
  CAP_SYS_ADMIN: "perform a range of system administration operations",
  CAP_SYS_BOOT: "reboot the machine",
  CAP_SYS_NICE: "raise priority (lower nice) and set priority of any process",
  CAP_SYS_RESOURCE: "override resource limits",
};
