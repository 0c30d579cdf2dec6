/**
 * Studio images against the real database: what is accepted (PNG, JPEG, WebP by their bytes, with a
 * description), what is refused with nothing stored (SVG, oversized, mislabelled, not an image, no
 * description), storage by content hash (twice the same image is one row) and immutable serving.
 */
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession } from '~/auth/session.server';
import { action, loader as pageLoader } from '~/routes/studio.immagini';
import { loader as mediaLoader } from '~/routes/media.$file';
import { IMAGE_MAX_BYTES, sniffImage, storeImage } from '~/media/images.server';
import { getDb, schema } from '~/utils/db.server';
import { pngImage, SVG_WITH_SCRIPT } from '../fixtures/images';
import { routeArgs, seedUser, thrownError } from './helpers';

async function rows() {
  const db = await getDb();
  const [r] = await db.select({ n: count() }).from(schema.mediaImages);
  return Number(r!.n);
}

async function upload(token: string, file: Blob, name: string, alt: string | null) {
  const form = new FormData();
  form.set('file', file, name);
  if (alt !== null) form.set('alt', alt);
  const request = new Request('http://localhost/studio/immagini', { method: 'POST', body: form, headers: { Cookie: `aula_session=${token}`, Origin: 'http://localhost' } });
  return action(routeArgs(request)) as Promise<unknown>;
}

const statusOf = (r: unknown) => (r as { init?: { status?: number } }).init?.status ?? 200;
const dataOf = (r: unknown) => (r as { data: Record<string, unknown> }).data;

describe('studio images', () => {
  it('knows an image by its bytes, not its name', () => {
    expect(sniffImage(pngImage())).toBe('image/png');
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImage(new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffImage(SVG_WITH_SCRIPT)).toBe('svg');
    expect(sniffImage(Buffer.from('GIF89a'))).toBeNull();
  });

  it('stores a PNG once by its hash, with an audit entry, and serves it with immutable caching', async () => {
    const lecturer = await seedUser({ role: 'lecturer' });
    const { token } = await createSession({ userId: lecturer.id });
    const png = pngImage(8, 8, Date.now() % 1000);
    const before = await rows();
    const first = await upload(token, new Blob([new Uint8Array(png)], { type: 'image/png' }), 'schema.png', '  Schema del   procedimento ');
    expect(statusOf(first)).toBe(200);
    const snippet = String(dataOf(first).snippet);
    expect(snippet).toMatch(/^!\[Schema del procedimento\]\(\/media\/[0-9a-f]{64}\.png\)$/);
    expect(dataOf(first).created).toBe(true);
    const again = await upload(token, new Blob([new Uint8Array(png)], { type: 'image/png' }), 'copia.png', 'Altra descrizione');
    expect(dataOf(again).created).toBe(false);
    expect(await rows()).toBe(before + 1);

    const file = /\/media\/(.+)\)$/.exec(snippet)![1]!;
    const res = (await mediaLoader(routeArgs(new Request(`http://localhost/media/${file}`), { params: { file } }))) as Response;
    expect(res.headers.get('Content-Type')).toBe('image/png');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    // The same hash with another extension, or an unknown hash, is not found.
    const wrongExt = file.replace('.png', '.webp');
    expect((await thrownError(mediaLoader(routeArgs(new Request(`http://localhost/media/${wrongExt}`), { params: { file: wrongExt } })))).status).toBe(404);
    expect((await thrownError(mediaLoader(routeArgs(new Request('http://localhost/media/x.png'), { params: { file: '../x.png' } })))).status).toBe(404);

    const db = await getDb();
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'studio.image.upload'));
    expect(audit.some((a) => a.actorId === lecturer.id && a.target === file.slice(0, 64))).toBe(true);
    const page = (await pageLoader(routeArgs(new Request('http://localhost/studio/immagini', { headers: { Cookie: `aula_session=${token}` } })))) as { images: Array<{ hash: string; alt: string }> };
    expect(page.images.find((i) => i.hash === file.slice(0, 64))?.alt).toBe('Schema del procedimento');
  });

  it('refuses SVG, oversized, mislabelled, non-image files and a missing description, storing nothing', async () => {
    const lecturer = await seedUser({ role: 'lecturer' });
    const { token } = await createSession({ userId: lecturer.id });
    const before = await rows();
    const cases: Array<[Blob, string, string | null, number, string]> = [
      [new Blob([new Uint8Array(SVG_WITH_SCRIPT)], { type: 'image/svg+xml' }), 'logo.svg', 'Logo', 415, 'media.error.svg'],
      [new Blob([new Uint8Array(SVG_WITH_SCRIPT)], { type: 'image/png' }), 'logo.png', 'Logo', 415, 'media.error.svg'],
      [new Blob([new Uint8Array(pngImage(4, 4, 7))], { type: 'image/jpeg' }), 'foto.jpg', 'Foto', 415, 'media.error.mislabelled'],
      [new Blob([new Uint8Array(Buffer.from('GIF89a-not-allowed'))], { type: 'image/gif' }), 'anim.gif', 'Animazione', 415, 'media.error.type'],
      [new Blob([new Uint8Array(Buffer.concat([pngImage(4, 4, 8), Buffer.alloc(IMAGE_MAX_BYTES)]))], { type: 'image/png' }), 'grande.png', 'Grande', 413, 'media.error.tooLarge'],
      [new Blob([new Uint8Array(pngImage(4, 4, 9))], { type: 'image/png' }), 'senza.png', '   ', 400, 'media.error.alt'],
      [new Blob([new Uint8Array(pngImage(4, 4, 10))], { type: 'image/png' }), 'ostile.png', '<img src=x onerror=alert(1)>', 400, 'media.error.alt'],
      [new Blob([new Uint8Array(pngImage(4, 4, 11))], { type: 'image/png' }), 'manca.png', null, 400, 'media.error.alt'],
    ];
    for (const [blob, name, alt, status, error] of cases) {
      const r = await upload(token, blob, name, alt);
      expect([name, statusOf(r)]).toEqual([name, status]);
      expect(dataOf(r).error).toBe(error);
    }
    expect(await rows()).toBe(before);
  });

  it('only lecturers (and admins) reach the images page', async () => {
    const learner = await seedUser({ role: 'learner' });
    const { token } = await createSession({ userId: learner.id });
    const denied = await thrownError(upload(token, new Blob([new Uint8Array(pngImage())], { type: 'image/png' }), 'a.png', 'A'));
    expect(denied.status).toBe(403);
    expect((await storeImage({ actorId: learner.id, fileName: 'a.png', declaredType: 'image/png', bytes: new Uint8Array(), alt: 'A' })).ok).toBe(false);
  });
});
