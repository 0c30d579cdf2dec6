/**
 * Deterministic, dependency-free randomness for the quiz engine.
 *
 * Everything an attempt shows (which questions, in which order, how options are shuffled, the
 * opaque ids of matching answers) is derived from the attempt's secret seed, so the server can
 * rebuild the exact same view when it grades, without storing it.
 *
 * None of this is cryptographic: it only has to be stable and well spread. The seed must stay
 * on the server.
 */

/** cyrb53: a fast 53-bit string hash (public domain, bryc). `salt` gives independent hash families. */
export function cyrb53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** 8 lower-case hex characters (32 bits) derived from `text`. */
export function hashHex(text: string): string {
  // `>>> 0` keeps the low 32 bits of the 53-bit hash.
  return (cyrb53(text) >>> 0).toString(16).padStart(8, '0');
}

/** sfc32 (Small Fast Counter): a 128-bit-state PRNG returning floats in [0, 1). */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** A deterministic PRNG: the same seed always yields the same sequence of floats in [0, 1). */
export function seededRandom(seed: string): () => number {
  const rand = sfc32(cyrb53(seed, 1), cyrb53(seed, 2), cyrb53(seed, 3), cyrb53(seed, 4));
  // Discard the first outputs: sfc32 needs a few rounds to mix its initial state.
  for (let i = 0; i < 15; i++) rand();
  return rand;
}

/** Fisher–Yates shuffle driven by `rand`. Returns a new array; `items` is left untouched. */
export function shuffle<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
