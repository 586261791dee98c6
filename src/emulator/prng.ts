/** Seeded generator so a dataset is reproducible from (seed, now) alone. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer uniform in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `chars` lowercase hex digits. */
  hex(chars: number): string;
}

/** Read-only lookup table: byte -> two hex digits (ids are generated in bulk). */
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** mulberry32: tiny, fast and good enough for fake data (not for anything secret). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    between: (min, max) => min + next() * (max - min),
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new RangeError("pick() needs a non-empty list");
      return item;
    },
    hex(chars) {
      let out = "";
      while (out.length < chars) {
        const word = Math.floor(next() * 4294967296);
        out += (HEX_BYTES[word >>> 24] ?? "") + (HEX_BYTES[(word >>> 16) & 255] ?? "");
        out += (HEX_BYTES[(word >>> 8) & 255] ?? "") + (HEX_BYTES[word & 255] ?? "");
      }
      return out.slice(0, chars);
    },
  };
}

/** Derives an independent stream per service, so one service's data never shifts another's. */
export function mixSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
