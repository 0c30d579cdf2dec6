/**
 * Small counts are never published: any count from 1 to 4 becomes null, shown as "< 5", so that no
 * person can be singled out. In a distribution whose total is published, a single hidden cell could
 * be worked out by subtraction: the next smallest cell is hidden too (complementary suppression).
 * Zero is published as zero: it describes nobody.
 */
export const THRESHOLD = 5;

export interface Cell {
  key: string;
  count: number | null;
}

export function suppressOne(n: number): number | null {
  return n > 0 && n < THRESHOLD ? null : n;
}

export function suppress(cells: Array<{ key: string; count: number }>): Cell[] {
  const out: Cell[] = cells.map((c) => ({ key: c.key, count: suppressOne(c.count) }));
  const hidden = out.filter((c) => c.count === null).length;
  if (hidden === 1) {
    let smallest = -1;
    out.forEach((c, i) => {
      if (c.count !== null && c.count > 0 && (smallest < 0 || c.count < out[smallest]!.count!)) smallest = i;
    });
    if (smallest >= 0) out[smallest] = { key: out[smallest]!.key, count: null };
  }
  return out;
}
