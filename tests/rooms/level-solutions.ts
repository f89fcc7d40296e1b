// For every level file: a correct solution, played through the room protocol, and at least one
// wrong approach with what the kernel must answer to it (the errno or the signal). Adding a level
// means adding its entry here; tests/rooms/levels.test.ts fails for a level without one.

import { expect } from "vitest";
import { formatAddr } from "../../shared/addr.ts";
import type { LevelDriver } from "../helpers/levels.ts";

export interface WrongApproach {
  name: string;
  /** Play it and assert what the kernel answered; the test then checks the level was not won. */
  play(d: LevelDriver): Promise<void>;
}

export interface Solution {
  win(d: LevelDriver): Promise<void>;
  wrong: WrongApproach[];
}

const KERNEL_TEXT = "0xffffffff81000000";
const KERNEL_DATA = "0xffffffff82000000";

async function mapPage(d: LevelDriver, prot: string): Promise<string> {
  const r = await d.call("mmap", ["NULL", 4096, prot, "MAP_PRIVATE|MAP_ANONYMOUS", -1, 0]);
  expect(r.errno).toBeUndefined();
  return formatAddr(r.ret);
}

export const SOLUTIONS: Record<string, Solution> = {
  "hello-kernel": {
    async win(d) {
      d.begin();
      expect((await d.call("write", [1, "hello, kernel\n", 14])).ret).toBe(14);
    },
    wrong: [{
      name: "write to a descriptor nobody opened",
      async play(d) {
        d.begin();
        expect((await d.call("write", [7, "hello", 5])).errno).toBe("EBADF");
      },
    }],
  },

  "closed-door": {
    async win(d) {
      d.begin();
      expect((await d.call("read", [3, "64", 64])).errno).toBe("EBADF");
      expect((await d.call("open", ["/home/player1/door.txt", "O_RDONLY", 0])).ret).toBe(3);
      expect((await d.call("read", [3, "64", 64])).ret).toBeGreaterThan(0);
      expect((await d.call("close", [3])).ret).toBe(0);
    },
    wrong: [
      { name: "read without opening", async play(d) { d.begin(); expect((await d.call("read", [3, "64", 64])).errno).toBe("EBADF"); } },
      { name: "open a file that is not yours", async play(d) { d.begin(); expect((await d.call("open", ["/etc/shadow", "O_RDONLY", 0])).errno).toBe("EACCES"); } },
    ],
  },

  "dont-touch": {
    async win(d) {
      d.begin();
      expect((await d.call("getuid", [])).ret).toBe(1000);
      expect((await d.call("getpid", [])).ret).toBe(d.pid());
    },
    wrong: [{
      name: "load the kernel's data yourself",
      async play(d) {
        d.begin();
        const r = await d.access("load", KERNEL_DATA);
        expect(r.fault).toEqual({ signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "U/S" });
        await d.phase("failed");
      },
    }],
  },

  "pointer-laundering": {
    async win(d) {
      d.begin();
      await d.predict("EFAULT");
      expect((await d.call("write", [1, KERNEL_TEXT, 8])).errno).toBe("EFAULT");
      await d.predict("SIGSEGV");
      expect((await d.access("load", KERNEL_TEXT)).fault?.signal).toBe("SIGSEGV");
    },
    wrong: [
      {
        name: "act without predicting",
        async play(d) {
          d.begin();
          d.queue("write", [1, KERNEL_TEXT, 8]);
          await expect.poll(() => d.notices.map((n) => n.message).join(" ")).toMatch(/Predict first/);
          expect(d.results).toHaveLength(0);
        },
      },
      {
        name: "predict that the kernel dereferences the bad pointer for you",
        async play(d) {
          d.begin();
          await d.predict("SIGSEGV");
          expect((await d.call("write", [1, KERNEL_TEXT, 8])).errno).toBe("EFAULT");
          await d.phase("failed");
        },
      },
    ],
  },

  "heap-builder": {
    async win(d) {
      d.begin();
      expect(formatAddr((await d.call("brk", ["0x405000"])).ret)).toBe("0x405000");
      expect((await d.access("store", "0x403000", 42)).minorFault).toBe(true);
      expect((await d.access("store", "0x404000", 42)).minorFault).toBe(true);
    },
    wrong: [
      {
        name: "store on the heap before brk",
        async play(d) {
          d.begin();
          expect((await d.access("store", "0x403000", 1)).fault).toEqual({ signal: "SIGSEGV", code: "SEGV_MAPERR", bit: "P" });
        },
      },
      {
        name: "brk past RLIMIT_DATA (the raw call returns the old break, not -1)",
        async play(d) {
          d.begin();
          const r = await d.call("brk", ["0x10000000"]);
          expect(r.errno).toBeUndefined();
          expect(formatAddr(r.ret)).toBe("0x403000");
        },
      },
    ],
  },

  "w-xor-x": {
    async win(d) {
      d.begin();
      const addr = await mapPage(d, "PROT_READ|PROT_WRITE");
      expect((await d.access("store", addr, 0xc3)).ok).toBe(true);
      expect((await d.call("mprotect", [addr, 4096, "PROT_READ|PROT_EXEC"])).ret).toBe(0);
      expect((await d.access("exec", addr)).ok).toBe(true);
    },
    wrong: [
      {
        name: "execute the page while it is still writable (NX)",
        async play(d) {
          d.begin();
          const addr = await mapPage(d, "PROT_READ|PROT_WRITE");
          await d.access("store", addr, 0xc3);
          expect((await d.access("exec", addr)).fault).toEqual({ signal: "SIGSEGV", code: "SEGV_ACCERR", bit: "NX" });
        },
      },
      {
        name: "map it writable and executable at once",
        async play(d) {
          d.begin();
          await mapPage(d, "PROT_READ|PROT_WRITE|PROT_EXEC");
          await d.phase("failed");
        },
      },
    ],
  },

  nursery: {
    async win(d) {
      d.begin();
      const c1 = (await d.call("fork", [])).ret;
      const c2 = (await d.call("fork", [])).ret;
      expect((await d.call("fork", [])).errno).toBe("EAGAIN");
      for (const c of [c1, c2]) expect((await d.call("kill", [c, "SIGTERM"])).ret).toBe(0);
      for (let i = 0; i < 2; i++) expect((await d.call("wait4", [-1, "NULL", 0])).ret).toBeGreaterThan(0);
    },
    wrong: [{
      name: "fork until EAGAIN and leave the children",
      async play(d) {
        d.begin();
        await d.call("fork", []);
        await d.call("fork", []);
        expect((await d.call("fork", [])).errno).toBe("EAGAIN");
      },
    }],
  },

  "thick-skin": {
    async win(d) {
      d.begin();
      expect((await d.call("rt_sigaction", ["SIGKILL", "handler"])).errno).toBe("EINVAL");
      expect((await d.call("rt_sigaction", ["SIGTERM", "handler"])).ret).toBe(0);
      await d.phase("won", 15000);
    },
    wrong: [{
      name: "no handler: SIGTERM's default action",
      async play(d) {
        d.begin();
        const pid = d.pid();
        expect((await d.call("rt_sigaction", ["SIGKILL", "handler"])).errno).toBe("EINVAL");
        await d.event((e) => e.type === "exit" && e.pid === pid && e.signal === 15, "death by SIGTERM", 15000);
      },
    }],
  },

  "scheduler-gamer": {
    async win(d) {
      for (let i = 0; i < 4; i++) {
        d.compute(3);
        d.queue("sched_yield", []);
      }
      d.begin();
      await d.phase("won", 15000);
    },
    wrong: [{
      name: "compute without yielding: demoted below the hogs",
      async play(d) {
        for (let i = 0; i < 4; i++) d.compute(3);
        d.begin();
        await d.phase("failed", 20000);
        expect(d.level.outcome).toMatch(/CPU share/);
      },
    }],
  },

  "patched-scheduler": {
    async win(d) {
      for (let i = 0; i < 4; i++) d.compute(3);
      d.begin();
      await d.phase("won", 15000);
    },
    wrong: [{
      name: "the yield trick under the allotment rule",
      async play(d) {
        for (let i = 0; i < 4; i++) {
          d.compute(3);
          d.queue("sched_yield", []);
        }
        d.begin();
        await d.phase("failed", 20000);
        expect(d.level.outcome).toMatch(/CPU share/);
      },
    }],
  },

  "legit-root": {
    async win(d) {
      d.begin();
      expect((await d.call("setuid", [0])).errno).toBe("EPERM");
      expect((await d.call("execve", ["/usr/local/bin/showkey"])).ret).toBe(0);
      expect((await d.call("getuid", [])).ret).toBe(1000);
      expect((await d.call("geteuid", [])).ret).toBe(0);
      expect((await d.call("open", ["/root/key.txt", "O_RDONLY", 0])).ret).toBe(3);
      expect((await d.call("read", [3, "64", 64])).ret).toBeGreaterThan(0);
    },
    wrong: [{
      name: "open the key as yourself, then demand root",
      async play(d) {
        d.begin();
        expect((await d.call("open", ["/root/key.txt", "O_RDONLY", 0])).errno).toBe("EACCES");
        expect((await d.call("setuid", [0])).errno).toBe("EPERM");
      },
    }],
  },

  "eacces-vs-eperm": {
    async win(d) {
      d.begin();
      await d.predict("EACCES");
      expect((await d.call("open", ["/srv/vault.txt", "O_RDONLY", 0])).errno).toBe("EACCES");
      await d.predict("EPERM");
      expect((await d.call("kill", [2, "SIGTERM"])).errno).toBe("EPERM");
      await d.predict("EPERM");
      expect((await d.call("chmod", ["/etc/motd", "0666"])).errno).toBe("EPERM");
      await d.predict("EACCES");
      expect((await d.call("setpriority", ["PRIO_PROCESS", 0, -5])).errno).toBe("EACCES");
    },
    wrong: [{
      name: "call a rank check a locked door",
      async play(d) {
        d.begin();
        await d.predict("EACCES");
        expect((await d.call("kill", [2, "SIGTERM"])).errno).toBe("EPERM");
        await d.phase("failed");
      },
    }],
  },

  "leave-no-trace": {
    async win(d) {
      d.begin();
      const fd = (await d.call("open", ["/tmp/log.txt", "O_WRONLY|O_CREAT", "0644"])).ret;
      expect((await d.call("write", [fd, "hi", 2])).ret).toBe(2);
      const addr = await mapPage(d, "PROT_READ|PROT_WRITE");
      expect((await d.access("store", addr, 7)).ok).toBe(true);
      const child = (await d.call("fork", [])).ret;
      expect((await d.call("close", [fd])).ret).toBe(0);
      expect((await d.call("munmap", [addr, 4096])).ret).toBe(0);
      expect((await d.call("kill", [child, "SIGTERM"])).ret).toBe(0);
      expect((await d.call("wait4", [-1, "NULL", 0])).ret).toBe(child);
      d.finish();
    },
    wrong: [{
      name: "finish with the fd open, the page mapped and the child unreaped",
      async play(d) {
        d.begin();
        const fd = (await d.call("open", ["/tmp/log.txt", "O_WRONLY|O_CREAT", "0644"])).ret;
        await d.call("write", [fd, "hi", 2]);
        const addr = await mapPage(d, "PROT_READ|PROT_WRITE");
        await d.access("store", addr, 7);
        await d.call("fork", []);
        expect((await d.call("close", [fd + 1])).errno).toBe("EBADF");
        d.finish();
        const m = await d.message("not-yet");
        expect(m.missing.join(" ")).toMatch(/Leave no trace/);
      },
    }],
  },
};
