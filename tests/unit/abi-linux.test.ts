// The shared ABI tables carry Linux x86-64 values (syscall_64.tbl, errno-base.h, signal(7),
// capability.h); a few a teacher would check, and the round trips the kernel relies on.

import { describe, expect, test } from "vitest";
import { CAP, CAP_ALL, capNames } from "../../shared/abi/caps.ts";
import { ERRNO, errnoName, STRERROR } from "../../shared/abi/errno.ts";
import { mapFlagNames, openFlagNames, parseFlags } from "../../shared/abi/flags.ts";
import { defaultAction, isUncatchable, SIG, signalName } from "../../shared/abi/signals.ts";
import { SYS, syscallName } from "../../shared/abi/syscalls.ts";
import { formatAddr, isKernelAddr, parseAddr } from "../../shared/addr.ts";

describe("Linux x86-64 numbers", () => {
  test.each([
    ["read", 0], ["write", 1], ["open", 2], ["mmap", 9], ["brk", 12], ["fork", 57], ["execve", 59], ["exit", 60],
    ["wait4", 61], ["kill", 62], ["setuid", 105], ["reboot", 169], ["init_module", 175], ["exit_group", 231], ["openat", 257],
  ] as const)("syscall(2): %s is %i", (name, nr) => {
    expect(SYS[name]).toBe(nr);
    expect(syscallName(nr)).toBe(name);
  });

  test("errno values and strerror text", () => {
    expect([ERRNO.EPERM, ERRNO.ENOENT, ERRNO.EBADF, ERRNO.EAGAIN, ERRNO.EACCES, ERRNO.EFAULT, ERRNO.EINVAL, ERRNO.ENOSYS]).toEqual([1, 2, 9, 11, 13, 14, 22, 38]);
    expect(errnoName(13)).toBe("EACCES");
    expect(STRERROR.EACCES).toBe("Permission denied");
    expect(STRERROR.EPERM).toBe("Operation not permitted");
  });

  test("signal(7): numbers, default actions, SIGKILL and SIGSTOP uncatchable", () => {
    expect([SIG.SIGKILL, SIG.SIGSEGV, SIG.SIGTERM, SIG.SIGCHLD, SIG.SIGCONT, SIG.SIGSTOP]).toEqual([9, 11, 15, 17, 18, 19]);
    expect(defaultAction(SIG.SIGSEGV)).toBe("core");
    expect(defaultAction(SIG.SIGCHLD)).toBe("ign");
    expect(defaultAction(SIG.SIGTERM)).toBe("term");
    expect(isUncatchable(SIG.SIGKILL) && isUncatchable(SIG.SIGSTOP)).toBe(true);
    expect(signalName(36)).toBe("SIGRTMIN+2");
  });

  test("capabilities(7) bit numbers", () => {
    expect([CAP.CAP_DAC_OVERRIDE, CAP.CAP_KILL, CAP.CAP_SETUID, CAP.CAP_SYS_MODULE, CAP.CAP_SYS_RAWIO, CAP.CAP_SYS_BOOT, CAP.CAP_SYS_NICE]).toEqual([1, 5, 7, 16, 17, 22, 23]);
    expect(capNames(CAP_ALL)).toHaveLength(Object.keys(CAP).length);
  });
});

describe("flags and addresses", () => {
  test("flag strings round-trip to strace's rendering", () => {
    const o = parseFlags("O_WRONLY|O_CREAT|O_TRUNC");
    expect(o.ok && openFlagNames(o.value)).toBe("O_WRONLY|O_CREAT|O_TRUNC");
    const m = parseFlags("MAP_PRIVATE|MAP_ANONYMOUS");
    expect(m.ok && mapFlagNames(m.value)).toBe("MAP_PRIVATE|MAP_ANONYMOUS");
    expect(parseFlags("AT_FDCWD")).toEqual({ ok: true, value: -100 });
  });

  test("48-bit folded addresses: the kernel half and non-canonical addresses", () => {
    const k = parseAddr("0xffffffff81000000")!;
    expect(isKernelAddr(k)).toBe(true);
    expect(formatAddr(k)).toBe("0xffffffff81000000");
    expect(parseAddr("0x0000800000000000")).toBeGreaterThanOrEqual(2 ** 48);
    expect(parseAddr(-1)).toBe(2 ** 48 - 1);
  });
});
