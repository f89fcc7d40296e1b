// The simulated kernel: the Kernel class and its contract types.
export { Kernel } from "./kernel.ts";
export * from "./types.ts";
export type { AdminOp, AdminResult, Mitigations } from "./policy.ts";
