// Tunables, like xv6's param.h: every number the kernel, the rooms and the client share, once.

/** Bytes per page (x86-64 base pages). */
export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/** Kernel ticks per second of wall time in a game room. */
export const TICK_HZ = 5;
export const TICK_MS = 1000 / TICK_HZ;

/** Physical frames in a sandbox machine (the frame grid the players see). */
export const DEFAULT_FRAMES = 128;
/** Frames the kernel keeps for itself at boot (its text, data and page tables). */
export const KERNEL_RESERVED_FRAMES = 8;
export const DEFAULT_CORES = 2;
export const MAX_CORES = 8;
export const MAX_PROCESSES = 1024;

/** Scheduling. */
export const RR_QUANTUM_TICKS = 3;
export const MLFQ_LEVELS = 3;
/** Quantum at each MLFQ level, highest priority first (OSTEP ch. 8: longer slices lower down). */
export const MLFQ_QUANTA = [2, 4, 8] as const;
/** OSTEP rule 4: total ticks a job may use at one level before it is demoted, however it yields. */
export const MLFQ_ALLOTMENT_TICKS = [4, 8, 16] as const;
/** OSTEP rule 5: every S ticks, move all jobs to the top queue. */
export const MLFQ_BOOST_TICKS = 50;
/** CFS-like fair share: target latency and minimum granularity, in ticks. */
export const FAIR_LATENCY_TICKS = 6;
export const FAIR_MIN_GRANULARITY_TICKS = 1;
/** Linux's sched_prio_to_weight[] (kernel/sched/core.c), nice -20 .. 19. */
export const NICE_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501,
  1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
] as const;
export const NICE_MIN = -20;
export const NICE_MAX = 19;

/** Resource limits every new process starts with (getrlimit(2)); units: processes, fds, bytes. */
export const DEFAULT_RLIMITS = {
  nproc: 16,
  nofile: 16,
  as: 64 * 1024 * 1024,
  data: 8 * 1024 * 1024,
} as const;

/**
 * The x86-64 address-space layout a new process gets (like a small static ELF).
 * User space is the lower half, below USER_TOP (47 bits); the kernel half starts at KERNEL_BASE.
 * Addresses are carried as JS numbers folded to 48 bits (see shared/addr.ts), so every one is exact.
 */
export const LAYOUT = {
  TEXT: 0x400000,
  RODATA: 0x401000,
  DATA: 0x402000,
  /** start_brk: the heap begins right after data and grows up with brk(2). */
  HEAP: 0x403000,
  /** mmap without a hint places mappings below this, growing down. */
  MMAP_BASE: 0x7f0000000000,
  STACK_TOP: 0x7ffffffff000,
  STACK_PAGES: 2,
  USER_TOP: 0x800000000000,
  /** Where the kernel's text sits in every address space (as on x86-64: 0xffffffff81000000). */
  KERNEL_TEXT: "0xffffffff81000000",
  KERNEL_DATA: "0xffffffff82000000",
  /** The direct map of physical memory (page_offset_base). */
  KERNEL_DIRECT_MAP: "0xffff888000000000",
} as const;

/** Game rooms. */
export const ROOM_MAX_CLIENTS = 30;
export const RECONNECT_SECONDS = 60;
/** Actions a player may queue ahead while it waits for the CPU. */
export const MAX_QUEUED_ACTIONS = 8;
/** Audit entries a room keeps in memory (older ones are only in the store). */
export const AUDIT_RING = 4096;
/** Audit lines a player sees in their own strace panel. */
export const PLAYER_LOG_LINES = 40;
/** Characters of a player's terminal output kept and shown (older output scrolls away). */
export const TTY_KEPT_CHARS = 2000;
export const DEFAULT_PORT = 2567;
/** Messages a client may send per second before the room drops them (with a notice). */
export const MAX_MESSAGES_PER_SECOND = 20;

/** Kernel internals (added with the simulated kernel). */
/** Highest pid before pid numbers wrap around (kernel.pid_max's default). */
export const PID_MAX = 32768;
/** vm.mmap_min_addr: MAP_FIXED below this is refused with EPERM. */
export const MMAP_MIN_ADDR = 65536;
/** A pipe holds 16 pages (pipe(7)); writes of at most PIPE_BUF bytes are atomic. */
export const PIPE_CAPACITY = 65536;
export const PIPE_BUF = 4096;
/** Kernel events kept for a room that has not drained them (the oldest half is dropped). */
export const MAX_PENDING_EVENTS = 65536;
/** Largest ASLR shift of the mmap base, in pages, when KernelConfig.aslr is on. */
export const ASLR_MMAP_PAGES = 1 << 16;
/** Pages of the kernel half mapped in every address space: text (R-X) and data (RW-). */
export const KERNEL_TEXT_PAGES = 2;
export const KERNEL_DATA_PAGES = 2;
/** oom_score_adj range (proc(5)); OOM_SCORE_ADJ_MIN exempts a process from the OOM killer. */
export const OOM_SCORE_ADJ_MIN = -1000;
export const OOM_SCORE_ADJ_MAX = 1000;

/** Hardware hardening an administrator can switch on (Ring Wars): SMEP, SMAP, KPTI. */
export type Mitigation = "smep" | "smap" | "kpti";
/**
 * Extra kernel time per syscall while a switch is on, in quarter-ticks (scaled up for the game;
 * the order is Linux's: KPTI's page-table switch on every entry and exit costs most, SMAP's
 * stac/clac only around copies of user memory, SMEP almost nothing).
 */
export const MITIGATION_COST_QUARTERS: Record<Mitigation, number> = { kpti: 4, smap: 2, smep: 1 };
