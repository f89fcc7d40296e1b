// A small seeded PRNG (sfc32, seeded through splitmix32) so the kernel never calls Math.random.
// Its whole state is four 32-bit words, so a snapshot can carry it and a restore continues it.

/** Seeded pseudo-random generator; same seed, same sequence, on every machine. */
export class Rng {
  private s: [number, number, number, number];

  /** Seed from any integer; the seed is mixed with splitmix32 so nearby seeds diverge. */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = [next(), next(), next(), next()];
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** The next 32-bit unsigned value. */
  nextU32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    this.s = [a >>> 0, b, c, d];
    return t;
  }

  /** An integer in [0, n) for 0 < n <= 2^32. */
  below(n: number): number {
    return Math.floor((this.nextU32() / 0x100000000) * n);
  }

  /** The state words, for a snapshot. */
  state(): number[] {
    return [...this.s];
  }

  /** Rebuild a generator from state() output. */
  static fromState(s: readonly number[]): Rng {
    const r = new Rng(0);
    r.s = [s[0] >>> 0, s[1] >>> 0, s[2] >>> 0, s[3] >>> 0];
    return r;
  }
}
