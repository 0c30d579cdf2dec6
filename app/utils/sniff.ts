/**
 * What a file is, by its first bytes rather than its name or the type a browser declares (both are
 * the sender's to choose). SVG is recognised so that it can be refused by name: it can carry script.
 */
export type SniffedType = 'image/png' | 'image/jpeg' | 'image/webp' | 'application/pdf' | 'svg';

export function sniffFile(bytes: Uint8Array): SniffedType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).toLowerCase();
  if (/<svg[\s>]/.test(head) || /<!doctype svg/.test(head)) return 'svg';
  return null;
}

/** The type a file name's extension claims, for the checks that refuse a mislabelled file. */
export function typeOfName(name: string): SniffedType | 'other' | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext) return null;
  const known: Record<string, SniffedType> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', pdf: 'application/pdf', svg: 'svg' };
  return known[ext] ?? 'other';
}
