// Names shared by the load bench's two processes.

/** The trivial Colyseus room the load server defines as a yardstick. */
export const TRIVIAL_ROOM = "bench-trivial";
