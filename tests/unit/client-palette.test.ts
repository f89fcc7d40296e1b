import { describe, expect, test } from "vitest";
import { SYSCALLS, syscallByName } from "../../shared/abi/syscalls.ts";
import { Msg } from "../../shared/protocol.ts";
import {
  argInputs,
  defaultValues,
  deriveValues,
  joinFlags,
  paletteFields,
  paletteSyscalls,
  parseRaw,
  previewCall,
  splitFlags,
  validateValues,
  type PaletteContext,
} from "../../client/src/logic/palette.ts";

const ctx: PaletteContext = {
  myPid: 7,
  myPids: [7, 12],
  others: [{ pid: 9, nick: "bob" }],
  fds: [
    { fd: 0, path: "/dev/tty", flags: 0, offset: 0 },
    { fd: 3, path: "/etc/passwd", flags: 0, offset: 0 },
  ],
  vmas: [
    { start: "0x400000", end: "0x401000", prot: 5, flags: 2, name: "text" },
    { start: "0x7f0000000000", end: "0x7f0000002000", prot: 3, flags: 0x22, name: "mmap" },
  ],
  selectedAddr: "0x402000",
  brk: "0x403000",
  nick: "ada",
};

describe("syscall palette", () => {
  test("offers every syscall of the shared table", () => {
    expect(paletteSyscalls().map((s) => s.name).sort()).toEqual(SYSCALLS.map((s) => s.name).sort());
  });

  test("the default values of every syscall pass resolveArgs and the message schema", () => {
    for (const spec of SYSCALLS) {
      const values = defaultValues(paletteFields(spec, ctx));
      const v = validateValues(spec, values);
      expect(v, `${spec.name}: ${JSON.stringify(values)}`).toMatchObject({ ok: true });
      if (!v.ok) continue;
      expect(Msg.syscall.safeParse({ name: spec.name, args: v.args, pid: 7 }).success, spec.name).toBe(true);
    }
  });

  test('open("/etc/shadow", O_RDONLY) is built from picks', () => {
    const spec = syscallByName("open")!;
    const values = { ...defaultValues(paletteFields(spec, ctx)), pathname: "/etc/shadow", flags: "O_RDONLY" };
    expect(previewCall(spec, values)).toBe('open("/etc/shadow", O_RDONLY, 0644)');
    expect(argInputs(spec, values)).toEqual(["/etc/shadow", "O_RDONLY", "0644"]);
  });

  test("integer kinds are sent as numbers, paths and buffers as text", () => {
    const spec = syscallByName("write")!;
    expect(argInputs(spec, { fd: "1", buf: "42", count: "2" })).toEqual([1, "42", 2]);
  });

  test("a typed \\n in a write buffer is a newline; count follows the buffer until typed", () => {
    const spec = syscallByName("write")!;
    let values: Record<string, string> = { fd: "1", buf: "hi", count: "2" };
    values = deriveValues(spec, { ...values, buf: "héllo" }, "buf", new Set());
    expect(values.count).toBe("6");
    values = deriveValues(spec, { ...values, buf: "abc" }, "buf", new Set(["count"]));
    expect(values.count).toBe("6");
    expect(argInputs(spec, { fd: "1", buf: "a\\nb", count: "3" })[1]).toBe("a\nb");
  });

  test("bad input is refused with the argument named", () => {
    const spec = syscallByName("open")!;
    const r = validateValues(spec, { pathname: "/tmp/x", flags: "O_BOGUS", mode: "0644" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/flags.*O_BOGUS/);
    const e = validateValues(syscallByName("mprotect")!, { addr: "zzz", len: "4096", prot: "PROT_READ" });
    expect(e.ok).toBe(false);
  });

  test("pickers: fds, pids, addresses come from my state", () => {
    const read = paletteFields(syscallByName("read")!, ctx);
    const fd = read[0].control;
    expect(fd.type).toBe("number");
    if (fd.type === "number") expect(fd.suggestions.map((s) => s.value)).toEqual(["0", "1", "2", "3"]);
    const kill = paletteFields(syscallByName("kill")!, ctx);
    expect(kill[0].default).toBe("9");
    const mp = paletteFields(syscallByName("mprotect")!, ctx);
    expect(mp[0].default).toBe("0x402000");
    expect(paletteFields(syscallByName("munmap")!, ctx)[0].default).toBe("0x7f0000000000");
    const brk = paletteFields(syscallByName("brk")!, ctx);
    expect(brk[0].default).toBe("0x404000");
  });

  test("flags pickers join names with the access mode first", () => {
    const open = paletteFields(syscallByName("open")!, ctx)[1].control;
    if (open.type !== "flags") throw new Error("expected flags");
    expect(joinFlags(open, ["O_CREAT", "O_WRONLY"])).toBe("O_WRONLY|O_CREAT");
    expect(joinFlags(open, ["O_CREAT"])).toBe("O_RDONLY|O_CREAT");
    expect(joinFlags(open, [])).toBe("O_RDONLY");
    const prot = paletteFields(syscallByName("mmap")!, ctx)[2].control;
    if (prot.type !== "flags") throw new Error("expected flags");
    expect(joinFlags(prot, [])).toBe("PROT_NONE");
    expect(splitFlags("PROT_READ|PROT_WRITE")).toEqual(["PROT_READ", "PROT_WRITE"]);
  });

  test("raw syscall numbers", () => {
    expect(parseRaw("450", "")).toEqual({ ok: true, nr: 450, args: [] });
    expect(parseRaw("1", "1, 0x402000, 5")).toEqual({ ok: true, nr: 1, args: [1, "0x402000", 5] });
    expect(parseRaw("x", "").ok).toBe(false);
    expect(parseRaw("1", "1,2,3,4,5,6,7").ok).toBe(false);
    const r = parseRaw("450", "");
    if (r.ok) expect(Msg.syscall.safeParse({ nr: r.nr, args: r.args }).success).toBe(true);
  });
});
