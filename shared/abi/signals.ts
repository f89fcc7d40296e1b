// Linux x86-64 signal numbers and default actions (signal(7)).

export const SIG = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
} as const;

export type SignalName = keyof typeof SIG;

/** Highest valid signal number (_NSIG - 1 on x86-64); 34..64 are the real-time signals. */
export const SIG_MAX = 64;
export const SIGRTMIN = 34;

/** Default dispositions, signal(7): Term, Core (terminate + core dump), Ign, Stop, Cont. */
export const DefaultAction = { TERM: "term", CORE: "core", IGN: "ign", STOP: "stop", CONT: "cont" } as const;
export type DefaultAction = (typeof DefaultAction)[keyof typeof DefaultAction];

const CORE = new Set<number>([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);
const IGN = new Set<number>([17, 23, 28]);
const STOP = new Set<number>([19, 20, 21, 22]);

/** The default action for a valid signal number (real-time signals terminate). */
export function defaultAction(sig: number): DefaultAction {
  if (CORE.has(sig)) return DefaultAction.CORE;
  if (IGN.has(sig)) return DefaultAction.IGN;
  if (STOP.has(sig)) return DefaultAction.STOP;
  if (sig === SIG.SIGCONT) return DefaultAction.CONT;
  return DefaultAction.TERM;
}

/** SIGKILL and SIGSTOP can be neither caught nor ignored (signal(7)). */
export function isUncatchable(sig: number): boolean {
  return sig === SIG.SIGKILL || sig === SIG.SIGSTOP;
}

export function isValidSignal(sig: number): boolean {
  return Number.isInteger(sig) && sig >= 1 && sig <= SIG_MAX;
}

const BY_NUMBER = new Map<number, SignalName>(
  (Object.entries(SIG) as [SignalName, number][]).map(([n, v]) => [v, n]),
);

/** "SIGSEGV" for 11, "SIGRTMIN+2" for 36, "signal 0" for 0. */
export function signalName(sig: number): string {
  const n = BY_NUMBER.get(sig);
  if (n) return n;
  if (sig >= SIGRTMIN && sig <= SIG_MAX) return sig === SIGRTMIN ? "SIGRTMIN" : `SIGRTMIN+${sig - SIGRTMIN}`;
  return `signal ${sig}`;
}

export function isSignalName(s: string): s is SignalName {
  return Object.prototype.hasOwnProperty.call(SIG, s);
}

/** si_code values for SIGSEGV (asm-generic/siginfo.h) and SI_KERNEL / SI_USER. */
export const SI_CODE = {
  SI_USER: 0,
  SEGV_MAPERR: 1,
  SEGV_ACCERR: 2,
  SI_KERNEL: 0x80,
} as const;
export type SiCodeName = keyof typeof SI_CODE;

/** Signal handler sentinels for rt_sigaction's sa_handler. */
export const SIG_DFL = 0;
export const SIG_IGN = 1;
