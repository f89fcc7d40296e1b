// The sandbox: an open machine where players explore syscalls and memory freely.
import { DEFAULT_CORES, DEFAULT_FRAMES } from "../../shared/params.ts";
import type { SessionOptions } from "../game/session.ts";
import { SANDBOX_FILES, SANDBOX_SYSTEM } from "../game/world.ts";
import { GameRoom } from "./GameRoom.ts";

export class SandboxRoom extends GameRoom {
  protected sessionOptions(seed: number): SessionOptions {
    return {
      seed,
      mode: "sandbox",
      maxPlayers: this.maxClients,
      // Nobody replays a sandbox: no input log growing for as long as the room lives.
      kernel: { cores: DEFAULT_CORES, frames: DEFAULT_FRAMES, files: SANDBOX_FILES, sched: { policy: "rr" }, replayLog: false },
      system: SANDBOX_SYSTEM,
    };
  }
}
