import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { contentHash, loadContent } from '~/content/loader.server';
import { importContent, STUDIO_IMPORT_NOTE } from '~/startup/import-content.server';
import { BundleRefused, exportBundle, previewBundle, readBundle } from '~/studio/bundle.server';
import { applyBundle } from '~/startup/import-bundle.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const CONTENT = path.resolve('content');

function unzipInto(zip: Uint8Array, root: string) {
  for (const [name, bytes] of Object.entries(unzipSync(zip))) {
    const target = path.join(root, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes);
  }
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

async function storedHashes(): Promise<Map<string, string>> {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const rows = await db
    .select({ kind: d.kind, scope: d.scope, slug: d.slug, hash: v.sourceHash })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(inArray(d.scope, ['dream', 'library']));
  return new Map(rows.map((r) => [`${r.kind}/${r.scope}/${r.slug}`, r.hash]));
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    readBundle(bytes);
  } catch (error) {
    if (error instanceof BundleRefused) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('studio zip export and import', () => {
  it('exports the DREAM course and the library byte for byte as content/, with the hashes stored, and importing the export changes nothing', async () => {
    await importContent({ root: CONTENT });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aula-export-'));
    unzipInto((await exportBundle({ course: 'dream' }))!, root);
    unzipInto((await exportBundle({ library: true }))!, root);
    // Byte-identical to the repository's content/.
    const exported = listFiles(root).sort();
    const original = listFiles(CONTENT).sort();
    expect(exported).toEqual(original.filter((f) => f.startsWith('library/') || f.startsWith('courses/dream/')));
    for (const f of exported) expect(fs.readFileSync(path.join(root, f), 'utf8'), f).toBe(fs.readFileSync(path.join(CONTENT, f), 'utf8'));
    // The same hashes as the database's versions.
    const loaded = loadContent(root);
    expect(loaded.issues).toEqual([]);
    const stored = await storedHashes();
    const dream = loaded.courses.find((c) => c.definition.slug === 'dream')!;
    expect(stored.get('course_file/dream/dream')).toBe(contentHash(dream.raw));
    for (const m of dream.modules) expect(stored.get(`module/dream/${m.slug}`), m.slug).toBe(m.hash);
    for (const c of loaded.cards) expect(stored.get(`library_card/library/${c.slug}`), c.slug).toBe(c.hash);
    for (const f of loaded.libraryFiles) expect(stored.get(`library_file/library/${f.name}`), f.name).toBe(f.hash);
    // Imported again, the export creates nothing.
    const report = await importContent({ root });
    expect(report.created).toEqual([]);
    expect(report.conflicts).toEqual([]);
  }, 180_000);

  it('the dry run lists new, changed (with the line diff) and unchanged files; applying creates studio versions, even over a studio version, audited', async () => {
    // Another course whose card and glossary term the library below no longer has: its problems are
    // not the zip's, and do not block it.
    await importContent({ root: makeContent(uniqueSlug('altro')) });
    await importContent({ root: CONTENT });
    const lecturer = await seedUser({ role: 'lecturer' });
    const files = unzipSync((await exportBundle({ library: true }))!);
    const cardName = Object.keys(files).find((f) => f.startsWith('library/cards/'))!;
    const slug = path.basename(cardName, '.mdx');
    const before = new TextDecoder().decode(files[cardName]);
    const changed = before.replace(/\n## Chi\n/, '\n## Chi\n\nRiga aggiunta nello studio.\n');
    expect(changed).not.toBe(before);
    const zip = zipSync({ ...files, [cardName]: strToU8(changed) });
    const preview = await previewBundle(zip);
    expect(preview.issues).toEqual([]);
    const entry = preview.files.find((f) => f.path === cardName)!;
    expect(entry.status).toBe('changed');
    expect(entry.diff!.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual([expect.stringContaining('Riga aggiunta nello studio.')]);
    expect(preview.files.filter((f) => f.status === 'changed')).toHaveLength(1);
    expect(preview.files.find((f) => f.path === 'library/glossary.yaml')!.status).toBe('unchanged');

    const applied = await applyBundle({ bytes: zip, actorId: lecturer.id });
    expect(applied.ok && applied.report.created).toEqual([expect.objectContaining({ kind: 'library_card', slug })]);
    const db = await getDb();
    const d = schema.contentDocuments;
    const [row] = await db
      .select({ source: schema.contentVersions.source, note: schema.studioVersionNotes.note, by: schema.contentVersions.publishedBy })
      .from(d)
      .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, d.currentVersionId))
      .innerJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, d.currentVersionId))
      .where(and(eq(d.kind, 'library_card'), eq(d.slug, slug)));
    expect(row).toEqual({ source: changed, note: STUDIO_IMPORT_NOTE, by: lecturer.id });
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'studio.import'), eq(schema.auditLog.actorId, lecturer.id)));
    expect(audit).toHaveLength(1);
    // The start-up import of the unchanged files leaves the studio's version alone; the original
    // comes back from the studio, over that studio version.
    expect((await importContent({ root: CONTENT })).created).toEqual([]);
    const back = await applyBundle({ bytes: zipSync(files), actorId: lecturer.id });
    expect(back.ok && back.report.created.map((c) => c.slug)).toEqual([slug]);
  }, 180_000);

  it('a zip that fails validation lists each problem (file, line, Italian message) and applying it stores nothing', async () => {
    await importContent({ root: CONTENT });
    const lecturer = await seedUser({ role: 'lecturer' });
    const files = unzipSync((await exportBundle({ library: true }))!);
    const cardName = Object.keys(files).find((f) => f.startsWith('library/cards/'))!;
    const bad = new TextDecoder().decode(files[cardName]).replace(/\n## Chi\n/, '\n## Chi\n\n<Script>alert(1)</Script>\n');
    const zip = zipSync({ ...files, [cardName]: strToU8(bad) });
    const preview = await previewBundle(zip);
    expect(preview.issues).toEqual(expect.arrayContaining([expect.objectContaining({ file: cardName, line: expect.any(Number), message: expect.stringContaining('non ammesso') })]));
    const db = await getDb();
    const count = async () => (await db.select({ id: schema.contentVersions.id }).from(schema.contentVersions)).length;
    const n = await count();
    expect(await applyBundle({ bytes: zip, actorId: lecturer.id })).toMatchObject({ ok: false });
    expect(await count()).toBe(n);
  }, 180_000);

  it('refuses what is not a zip of the content format: other files, paths out of the folder, bombs, too many files', async () => {
    expect(await refusal(new Uint8Array())).toBe('missing');
    expect(await refusal(strToU8('%PDF-1.7 questo non è uno zip, anche se si chiama .zip'))).toBe('notZip');
    expect(await refusal(zipSync({ 'library/cards/x.exe': strToU8('MZ') }))).toBe('outside');
    expect(await refusal(zipSync({ 'note.txt': strToU8('ciao') }))).toBe('outside');
    expect(await refusal(zipSync({ '../library/glossary.yaml': strToU8('[]') }))).toBe('badPath');
    expect(await refusal(zipSync({ 'library/../../etc/passwd': strToU8('x') }))).toBe('badPath');
    expect(await refusal(zipSync({ '/library/glossary.yaml': strToU8('[]') }))).toBe('badPath');
    // 60 MB of zeros compress to a few tens of kilobytes.
    expect(await refusal(zipSync({ 'library/glossary.yaml': new Uint8Array(60 * 1024 * 1024) }, { level: 9 }))).toBe('tooBig');
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2001; i++) many[`library/cards/c${i}.mdx`] = strToU8('x');
    expect(await refusal(zipSync(many))).toBe('tooManyFiles');
    expect(await refusal(zipSync({ 'library/glossary.yaml': new Uint8Array([0xff, 0xfe, 0x00]) }))).toBe('notText');
    expect(await refusal(zipSync({ 'library/glossary.yaml': strToU8('- id: a\n') }))).toBe('accepted');
  });
});
