// Hosted rooms: a game mode's room class wrapped for a class session. Students find it by join
// code (filterBy(["joinCode"]) + client.join(room, { joinCode })); only the hosting service can
// create one (a one-time claim), except a student's own room in a per-student mode. The wrapper
// checks nicknames, keeps the teacher's renames, and reports arrivals, drops and leaves.

import { defineRoom, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type { GameRoom, GameRoomOptions } from "../rooms/GameRoom.ts";
import type { SessionOptions } from "../game/session.ts";
import { JoinOptions } from "../../shared/protocol.ts";
import { HOST_REFUSED, HOSTED_MODE, type HostedMode } from "../../shared/hosting.ts";
import { services } from "../services.ts";
import { checkNickname } from "./nickname.ts";
import type { RoomClaim, HostingService } from "./service.ts";
import type { ModeRoom } from "./modes.ts";

/** Students still in a room after the session ended are disconnected this much later. */
export const ENDED_LINGER_MS = 15 * 60_000;

type ConcreteGameRoom = new (...args: any[]) => GameRoom;

function hosting(): HostingService {
  const h = services().hosting;
  if (!h) throw new ServerError(503, "Class sessions are not available on this server.");
  return h;
}

/** The hosted variant of a mode's room class. */
export function hostedRoom<B extends ConcreteGameRoom>(Base: B, mode: HostedMode, extra: ModeRoom["createOptions"] = () => ({})) {
  const perStudent = HOSTED_MODE[mode].perStudent;
  return class HostedRoom extends Base {
    /** Before the matchmaker looks for a room: the code must be live; wrong codes are throttled per address. */
    static async onAuth(_token: string, options: Record<string, unknown>, ctx: AuthContext): Promise<boolean> {
      const r = await hosting().checkCode(options?.joinCode, ctx?.ip);
      if (!r.ok) throw new ServerError(r.status ?? 404, r.error);
      if (r.session.rec.mode !== mode) throw new ServerError(404, "That code belongs to a session of another kind; open the join link again.");
      options.joinCode = r.session.rec.code;
      return true;
    }

    claim!: RoomClaim;

    override onCreate(options: Record<string, unknown> = {}): void {
      const c = hosting().claimRoom(mode, options, this.roomId);
      if (typeof c === "string") throw new ServerError(403, c);
      this.claim = c;
      super.onCreate({ ...options, seed: options.seed as number | undefined, ...extra(c.session) } as GameRoomOptions);
      // A shared machine stays up while nobody is in it (the lobby); a student's own room goes with them.
      this.autoDispose = perStudent;
      hosting().attach(c, this.session, {
        roomId: this.roomId,
        broadcast: (type, body) => this.broadcast(type, body),
        send: (sessionId, type, body) => this.clients.getById(sessionId)?.send(type, body),
        disconnect: (sessionId, code, reason) => this.clients.getById(sessionId)?.leave(code, reason),
        release: () => {
          this.autoDispose = true;
          if (this.clients.length === 0) void this.disconnect();
          else this.clock.setTimeout(() => void this.disconnect(), ENDED_LINGER_MS);
        },
      });
    }

    /** The mode's machine, with the teacher's scheduler policy (a level keeps its own), or the restored one. */
    protected override sessionOptions(seed: number): SessionOptions {
      const base = (Base.prototype as unknown as { sessionOptions(seed: number): SessionOptions }).sessionOptions.call(this, seed);
      const policy = this.claim.session.rec.settings.policy;
      const kernel = perStudent ? base.kernel : { ...base.kernel, sched: { ...base.kernel?.sched, policy } };
      return { ...base, kernel, restore: this.claim.restore };
    }

    override onJoin(client: Client, raw: unknown): void {
      const live = this.claim.session;
      const parsed = JoinOptions.safeParse(raw);
      let options = raw;
      if (parsed.success) {
        const known = live.studentByPlayerId(parsed.data.playerId);
        if (known && !known.rec.kicked) options = { ...parsed.data, nickname: known.rec.nick };
        else {
          const nick = checkNickname(parsed.data.nickname);
          if (!nick.ok) throw new ServerError(HOST_REFUSED, nick.error);
          options = { ...parsed.data, nickname: nick.nick };
        }
      }
      super.onJoin(client, options);
      // A mode's own pause on join (a level's briefing) never lifts the teacher's pause or the lobby.
      const reason = live.pauseReason();
      if (reason && this.session.state.pauseReason !== reason) this.session.pause(reason);
      const p = this.session.players.get(client.sessionId);
      if (p) live.joined(this.claim.slot, p, this.session);
    }

    override onDrop(client: Client): void {
      // The server is shutting down: the session is saved; nobody waits for this client.
      if (this.claim.session.suspended) return;
      super.onDrop(client);
      const p = this.session.players.get(client.sessionId);
      if (p) this.claim.session.connection(p.key, false);
    }

    override onReconnect(client: Client): void {
      super.onReconnect(client);
      const p = this.session.players.get(client.sessionId);
      if (p) this.claim.session.connection(p.key, true);
    }

    /**
     * A student who leaves a class (closes the tab, goes back to the menu, or did not come back
     * in time) keeps their user and processes, stopped, so the same browser finds them again.
     * Only a kick removes a student for good.
     */
    override onLeave(client: Client): void {
      const p = this.session.players.get(client.sessionId);
      if (!p) return super.onLeave(client);
      if (p.connected) this.session.drop(client.sessionId);
      this.claim.session.left(p.key);
    }

    override async onDispose(): Promise<void> {
      // A room that goes while its session is live leaves its last state in the store first.
      if (this.claim && this.claim.session.rec.status !== "ended") await hosting().persist(this.claim.session, true);
      this.claim?.session.unbind(this.claim.slot, this.session);
      await (Base.prototype as unknown as { onDispose?(): Promise<void> | void }).onDispose?.call(this);
    }
  };
}

/**
 * The room definitions for every hosted mode this server has a room class for, to spread into
 * defineServer({ rooms }). Each is found by join code only.
 */
export function hostedRoomDefinitions(modes: Partial<Record<HostedMode, ModeRoom>>) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- defineServer takes any room's definition
  const rooms: Record<string, any> = {};
  for (const [mode, m] of Object.entries(modes) as [HostedMode, ModeRoom][]) {
    rooms[HOSTED_MODE[mode].room] = defineRoom(hostedRoom(m.klass, mode, m.createOptions)).filterBy(["joinCode"]);
  }
  return rooms;
}
