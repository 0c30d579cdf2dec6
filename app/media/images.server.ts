/**
 * Images for the studio: uploaded by lecturers, stored in the database by the SHA-256 of their
 * bytes, served at `/media/<hash>.<ext>` with immutable caching.
 *
 * What is refused, with nothing stored: a file over 2 MB, SVG (it can carry script), any type that
 * is not PNG, JPEG or WebP *by its bytes* (the name and the browser's declared type are not
 * trusted), a name or declared type that contradicts the bytes (mislabelled), and an empty
 * description (alt text is required).
 */
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { KB, MB, allowUpload } from '~/http/limits';
import { getDb, schema } from '~/utils/db.server';
import type { Outcome } from '~/utils/domain-error';
import { sniffFile, typeOfName } from '~/utils/sniff';
import { ALT_MAX_CHARS } from './constants';

export const IMAGE_MAX_BYTES = 2 * MB;
export const IMAGE_UPLOAD_PATH = /^\/studio\/immagini$/;
allowUpload(IMAGE_UPLOAD_PATH, IMAGE_MAX_BYTES + 64 * KB, 'studio image (PNG, JPEG, WebP)');

type Mime = 'image/png' | 'image/jpeg' | 'image/webp';
export const EXTENSION: Record<Mime, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };
const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];

/** The image type the bytes say, whatever the name says; 'svg' for SVG (refused), null for anything else. */
export function sniffImage(bytes: Uint8Array): Mime | 'svg' | null {
  const t = sniffFile(bytes);
  return t === 'svg' ? 'svg' : t && IMAGE_TYPES.includes(t) ? (t as Mime) : null;
}

export type UploadRefusal = 'missing' | 'tooLarge' | 'svg' | 'type' | 'mislabelled' | 'alt';

export async function storeImage(input: {
  actorId: string;
  fileName: string;
  declaredType: string;
  bytes: Uint8Array;
  alt: string;
}): Promise<Outcome<{ hash: string; url: string; created: boolean }, UploadRefusal>> {
  const alt = input.alt.replace(/\s+/g, ' ').trim();
  const name = input.fileName.toLowerCase();
  if (input.bytes.byteLength === 0) return { ok: false, reason: 'missing' };
  if (input.bytes.byteLength > IMAGE_MAX_BYTES) return { ok: false, reason: 'tooLarge' };
  const sniffed = sniffImage(input.bytes);
  const byName = typeOfName(name);
  if (sniffed === 'svg' || byName === 'svg' || input.declaredType === 'image/svg+xml') return { ok: false, reason: 'svg' };
  if (!sniffed) return { ok: false, reason: 'type' };
  if ((byName && byName !== sniffed) || (input.declaredType && input.declaredType !== 'application/octet-stream' && input.declaredType !== sniffed)) return { ok: false, reason: 'mislabelled' };
  if (!alt || alt.length > ALT_MAX_CHARS || /[[\]<>{}]/.test(alt)) return { ok: false, reason: 'alt' };

  const hash = createHash('sha256').update(input.bytes).digest('hex');
  const db = await getDb();
  const created = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(schema.mediaImages)
      .values({ hash, mime: sniffed, bytes: input.bytes, size: input.bytes.byteLength, alt, fileName: input.fileName.slice(0, 200), uploadedBy: input.actorId })
      .onConflictDoNothing()
      .returning({ hash: schema.mediaImages.hash });
    await tx
      .insert(schema.auditLog)
      .values({ actorId: input.actorId, action: 'studio.image.upload', target: hash, data: JSON.stringify({ size: input.bytes.byteLength, mime: sniffed, new: rows.length > 0 }) });
    return rows.length > 0;
  });
  return { ok: true, hash, url: imageUrl(hash, sniffed), created };
}

export function imageUrl(hash: string, mime: Mime): string {
  return `/media/${hash}.${EXTENSION[mime]}`;
}

/** The markdown a lecturer pastes into a module. */
export function imageSnippet(alt: string, url: string): string {
  return `![${alt}](${url})`;
}

export async function listImages(limit = 100) {
  const db = await getDb();
  const m = schema.mediaImages;
  const rows = await db.select({ hash: m.hash, mime: m.mime, size: m.size, alt: m.alt, fileName: m.fileName, createdAt: m.createdAt }).from(m).orderBy(desc(m.createdAt)).limit(limit);
  return rows.map((r) => ({ ...r, url: imageUrl(r.hash, r.mime), snippet: imageSnippet(r.alt, imageUrl(r.hash, r.mime)) }));
}

/** An image by its URL's file part (`<hash>.<ext>`); null when unknown or when the extension is not its own. */
export async function readImage(file: string): Promise<{ mime: Mime; bytes: Uint8Array; hash: string } | null> {
  const m = /^([0-9a-f]{64})\.(png|jpg|webp)$/.exec(file);
  if (!m) return null;
  const db = await getDb();
  const [row] = await db
    .select({ mime: schema.mediaImages.mime, bytes: schema.mediaImages.bytes, hash: schema.mediaImages.hash })
    .from(schema.mediaImages)
    .where(eq(schema.mediaImages.hash, m[1]!))
    .limit(1);
  if (!row || EXTENSION[row.mime] !== m[2]) return null;
  return row;
}
