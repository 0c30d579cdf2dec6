/**
 * The library in the studio (issue 14): cards, glossary, offices and synonyms take the modules'
 * workflow (drafts with an optimistic lock, review with four eyes, publishing, history). Publishing
 * re-derives the library's data and rebuilds its search in the same transaction.
 */
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSettings, saveSettings } from '~/admin/settings.server';
import { searchLibraryUncached } from '~/library/search.server';
import { parseSearchParams } from '~/library/search-query';
import { importContent } from '~/startup/import-content.server';
import { checkDocument, createCard, listStudioLibrary, setCardRetired } from '~/studio/documents.server';
import { getEditorState, saveDraft } from '~/studio/drafts.server';
import { restoreVersion } from '~/studio/history.server';
import { publishDraft } from '~/studio/publish.server';
import { decideReview, submitForReview } from '~/studio/review.server';
import { getDb, schema } from '~/utils/db.server';
import { CARD, makeContent, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const GLOSSARY = '- id: sui\n  term: "SUI"\n  definition: "Sportello unico per l\'immigrazione."\n';

async function search(q: string) {
  const parsed = parseSearchParams(new URLSearchParams({ q }));
  const r = await searchLibraryUncached(parsed.data!);
  if (r.status !== 'ok') throw new Error(r.status);
  return r.results;
}

async function docId(kind: 'library_card' | 'library_file', slug: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: schema.contentDocuments.id })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.kind, kind), eq(schema.contentDocuments.scope, 'library'), eq(schema.contentDocuments.slug, slug)));
  return row!.id;
}

async function versionCount(documentId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(schema.contentVersions).where(eq(schema.contentVersions.documentId, documentId));
  return Number(row!.n);
}

let lecturer: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  await importContent({ root: makeContent(uniqueSlug('biblioteca'), { 'library/glossary.yaml': GLOSSARY }) });
  lecturer = await seedUser({ role: 'lecturer' });
  await saveSettings({ actorId: lecturer.id, values: { reviewLibrary: false } });
}, 120_000);

describe('library cards in the studio', () => {
  it('lists the cards and the YAML files of the library with their state', async () => {
    const rows = await listStudioLibrary();
    expect(rows.map((r) => `${r.kind}:${r.slug}`)).toEqual(expect.arrayContaining(['library_card:scheda-prova', 'library_file:glossary.yaml']));
  });

  it('a card draft is invisible until published; publishing updates the search in the same transaction', async () => {
    const id = await docId('library_card', 'scheda-prova');
    const state = await getEditorState(id);
    expect(state?.document.kind).toBe('library_card');
    const source = CARD.replace('Passaporto.', 'Passaporto e fotografia zebrata.');
    expect(await saveDraft({ documentId: id, actorId: lecturer.id, source, quizSource: 'ignorato', revision: 0 })).toMatchObject({ ok: true, revision: 1 });
    expect((await search('zebrata')).length).toBe(0);
    const r = await publishDraft({ documentId: id, actorId: lecturer.id, revision: 1, note: 'Documenti', lawSummary: null });
    expect(r).toMatchObject({ ok: true, state: 'published', versionNo: 2 });
    const hits = await search('zebrata');
    expect(hits[0]).toMatchObject({ kind: 'scheda', ref: 'scheda-prova' });
    // Restoring the first version takes the search back with it.
    const v1 = (await getDb())
      .select({ id: schema.contentVersions.id })
      .from(schema.contentVersions)
      .where(and(eq(schema.contentVersions.documentId, id), eq(schema.contentVersions.versionNo, 1)));
    const [first] = await v1;
    expect(await restoreVersion({ documentId: id, versionId: first!.id, actorId: lecturer.id, note: 'ritorno' })).toMatchObject({ ok: true, versionNo: 3 });
    expect((await search('zebrata')).length).toBe(0);
  });

  it('checks a card with the import’s rules: sections in order, inline positions, readability and the legal basis', async () => {
    const id = await docId('library_card', 'scheda-prova');
    const ref = { kind: 'library_card' as const, slug: 'scheda-prova' };
    const swapped = await checkDocument({ doc: ref, source: CARD.replace('## Tempi', '## Tempo'), render: false });
    expect(swapped.issues.map((i) => i.message).join('\n')).toMatch(/le sezioni ## devono essere/);
    const badFm = await checkDocument({ doc: ref, source: CARD.replace('topics: [soggiorno]', 'topics: [marte]'), render: false });
    expect(badFm.issues.length).toBeGreaterThan(0);
    const broken = await checkDocument({ doc: ref, source: CARD.replace('Chiunque.', 'Chiunque <Scheda slug="non-esiste">qui</Scheda>.'), render: false });
    expect(broken.issues.map((i) => i.message)).toContain('<Scheda slug="non-esiste">: la scheda non esiste');
    const warned = await checkDocument({ doc: ref, source: CARD.replace('legalBasis: ["art. 5 TU"]', 'legalBasis: ["D.Lgs. 286/1998"]').replace('2025-12-31', '2024-01-31'), render: true });
    expect(warned.issues).toEqual([]);
    expect(warned.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['reviewedAt', 'sourceArticle']));
    expect(warned.html).toContain('Passaporto');
    expect(warned.card?.title).toBe('Scheda di prova');
    // An invalid card is not published: nothing is stored.
    const before = await versionCount(id);
    const saved = await saveDraft({ documentId: id, actorId: lecturer.id, source: CARD.replace('## Tempi', '## Tempo'), quizSource: '', revision: 0 });
    expect(saved.ok).toBe(true);
    const r = await publishDraft({ documentId: id, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await versionCount(id)).toBe(before);
    expect(await saveDraft({ documentId: id, actorId: lecturer.id, source: CARD, quizSource: '', revision: 1 })).toMatchObject({ ok: true });
  });
});

describe('adding and retiring cards', () => {
  it('a new card starts as a valid draft, invisible until published; bad or taken addresses are refused', async () => {
    expect(await createCard({ slug: 'Non Valido', title: 'X', actorId: lecturer.id })).toEqual({ ok: false, reason: 'invalid' });
    expect(await createCard({ slug: 'glossario', title: 'X', actorId: lecturer.id })).toEqual({ ok: false, reason: 'reserved' });
    expect(await createCard({ slug: 'scheda-prova', title: 'X', actorId: lecturer.id })).toEqual({ ok: false, reason: 'exists' });
    const r = await createCard({ slug: 'scheda-nuova', title: 'Scheda capibara di prova', actorId: lecturer.id });
    if (!r.ok) throw new Error(r.reason);
    const state = await getEditorState(r.documentId);
    expect(state).toMatchObject({ published: null, draft: { revision: 1, state: 'draft' } });
    const check = await checkDocument({ doc: { kind: 'library_card', slug: 'scheda-nuova' }, source: state!.draft!.source, render: false });
    expect(check.issues).toEqual([]);
    expect((await search('capibara')).map((h) => h.ref)).not.toContain('scheda-nuova');
    expect(await publishDraft({ documentId: r.documentId, actorId: lecturer.id, revision: 1, note: 'Nuova', lawSummary: null })).toMatchObject({ ok: true, versionNo: 1 });
    expect((await search('capibara')).map((h) => h.ref)).toContain('scheda-nuova');
  });

  it('a card cited by a module is not retired; one cited by none leaves the library and its search, and comes back', async () => {
    const cited = await docId('library_card', 'scheda-prova');
    const r = await setCardRetired({ documentId: cited, actorId: lecturer.id, retire: true });
    expect(r).toMatchObject({ ok: false, reason: 'cited' });
    expect(r.ok ? [] : 'citedBy' in r ? r.citedBy : []).toEqual(expect.arrayContaining(['il modulo «Primo modulo»']));
    const fresh = await docId('library_card', 'scheda-nuova');
    expect(await setCardRetired({ documentId: fresh, actorId: lecturer.id, retire: true })).toEqual({ ok: true });
    expect((await search('capibara')).map((h) => h.ref)).not.toContain('scheda-nuova');
    expect(await versionCount(fresh)).toBe(1);
    expect(await setCardRetired({ documentId: fresh, actorId: lecturer.id, retire: false })).toEqual({ ok: true });
    expect((await search('capibara')).map((h) => h.ref)).toContain('scheda-nuova');
  });

  it('the studio does not edit a course file', async () => {
    const db = await getDb();
    const [course] = await db.select({ id: schema.contentDocuments.id }).from(schema.contentDocuments).where(eq(schema.contentDocuments.kind, 'course_file'));
    expect(await getEditorState(course!.id)).toBeNull();
    expect(await saveDraft({ documentId: course!.id, actorId: lecturer.id, source: 'x', quizSource: '', revision: 0 })).toEqual({ ok: false, reason: 'notFound' });
  });
});

describe('glossary and offices in the studio', () => {
  it('a glossary with a schema error is refused with its line, and nothing changes', async () => {
    const id = await docId('library_file', 'glossary.yaml');
    const ref = { kind: 'library_file' as const, slug: 'glossary.yaml' };
    const yamlError = await checkDocument({ doc: ref, source: '- id: sui\n  term: "SUI\n', render: false });
    expect(yamlError.issues[0]).toMatchObject({ file: 'glossary.yaml', line: expect.any(Number) });
    expect(yamlError.issues[0]!.message).toMatch(/YAML non valido/);
    const schemaError = '- id: sui\n  term: "SUI"\n';
    const checked = await checkDocument({ doc: ref, source: schemaError, render: false });
    expect(checked.issues.map((i) => i.message).join('\n')).toMatch(/definition/);
    const second = await checkDocument({ doc: ref, source: `${GLOSSARY}- id: cas\n  term: ""\n  definition: "Centri."\n`, render: false });
    expect(second.issues).toEqual([{ file: 'glossary.yaml', line: 5, column: 9, message: 'campo «[1].term»: non può essere vuoto' }]);
    const before = await versionCount(id);
    const draft = await getEditorState(id);
    expect(await saveDraft({ documentId: id, actorId: lecturer.id, source: schemaError, quizSource: '', revision: draft?.draft?.revision ?? 0 })).toMatchObject({ ok: true });
    const r = await publishDraft({ documentId: id, actorId: lecturer.id, revision: (draft?.draft?.revision ?? 0) + 1, note: '', lawSummary: null });
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await versionCount(id)).toBe(before);
    const db = await getDb();
    expect((await db.select().from(schema.glossaryTerms)).map((g) => g.id)).toEqual(['sui']);
  });

  it('publishing a glossary that removes a term cited by a module is refused, naming the module', async () => {
    const id = await docId('library_file', 'glossary.yaml');
    const ref = { kind: 'library_file' as const, slug: 'glossary.yaml' };
    const without = '- id: cas\n  term: "CAS"\n  definition: "Centri di accoglienza straordinaria."\n';
    const checked = await checkDocument({ doc: ref, source: without, render: false });
    expect(checked.issues.map((i) => i.message).join('\n')).toMatch(/il termine «sui» non si può togliere: lo citano [^\n]*il modulo «Primo modulo»/);
    const state = await getEditorState(id);
    const revision = state!.draft!.revision;
    expect(await saveDraft({ documentId: id, actorId: lecturer.id, source: without, quizSource: '', revision })).toMatchObject({ ok: true });
    expect(await publishDraft({ documentId: id, actorId: lecturer.id, revision: revision + 1, note: '', lawSummary: null })).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('publishing the glossary re-derives the terms and rebuilds the search in one transaction', async () => {
    const id = await docId('library_file', 'glossary.yaml');
    const state = await getEditorState(id);
    const source = `${GLOSSARY}- id: cas\n  term: "CAS"\n  expansion: "Centri di accoglienza straordinaria"\n  definition: "Strutture temporanee per richiedenti asilo, dette anche ornitorinco."\n`;
    const check = await checkDocument({ doc: { kind: 'library_file', slug: 'glossary.yaml' }, source, render: true });
    expect(check.library).toMatchObject({ kind: 'glossary', terms: [{ id: 'cas' }, { id: 'sui' }] });
    expect(await saveDraft({ documentId: id, actorId: lecturer.id, source, quizSource: '', revision: state!.draft!.revision })).toMatchObject({ ok: true });
    const r = await publishDraft({ documentId: id, actorId: lecturer.id, revision: state!.draft!.revision + 1, note: 'CAS', lawSummary: null });
    expect(r).toMatchObject({ ok: true, state: 'published' });
    const db = await getDb();
    expect((await db.select().from(schema.glossaryTerms)).map((g) => g.id).sort()).toEqual(['cas', 'sui']);
    expect((await search('ornitorinco'))[0]).toMatchObject({ kind: 'glossario', ref: 'cas' });
    // The version keeps the YAML exactly as written.
    const [doc] = await db.select({ v: schema.contentDocuments.currentVersionId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, id));
    const [ver] = await db.select({ source: schema.contentVersions.source }).from(schema.contentVersions).where(eq(schema.contentVersions.id, doc!.v!));
    expect(ver!.source).toBe(source);
  });

  it('a term cited but already missing from the glossary in force does not block publishing the glossary', async () => {
    const db = await getDb();
    const [doc] = await db
      .insert(schema.contentDocuments)
      .values({ kind: 'module', scope: uniqueSlug('rinvio'), slug: 'orfano', position: 1 })
      .returning({ id: schema.contentDocuments.id });
    const [ver] = await db
      .insert(schema.contentVersions)
      .values({
        documentId: doc!.id,
        versionNo: 1,
        source: '',
        frontmatter: { title: 'Modulo orfano' },
        compiledCode: '',
        sourceHash: 'orfano',
        meta: { toc: [], cardRefs: [], termRefs: ['termine-assente'], wordCount: 0 },
      })
      .returning({ id: schema.contentVersions.id });
    await db.update(schema.contentDocuments).set({ currentVersionId: ver!.id }).where(eq(schema.contentDocuments.id, doc!.id));
    const current = (await db.select({ id: schema.glossaryTerms.id }).from(schema.glossaryTerms)).map((g) => g.id);
    expect(current).not.toContain('termine-assente');
    const checked = await checkDocument({ doc: { kind: 'library_file', slug: 'glossary.yaml' }, source: GLOSSARY, render: false });
    expect(checked.issues.map((i) => i.message).join('\n')).not.toMatch(/termine-assente/);
    await db.update(schema.contentDocuments).set({ position: -1 }).where(eq(schema.contentDocuments.id, doc!.id));
  });

  it('restoring a glossary version without a term that a module cites is refused too', async () => {
    const id = await docId('library_file', 'glossary.yaml');
    const db = await getDb();
    // A version without «sui» (written as the import would: the cross-check is the studio's).
    const [v] = await db
      .insert(schema.contentVersions)
      .values({
        documentId: id,
        versionNo: 99,
        source: '- id: cas\n  term: "CAS"\n  definition: "Centri."\n',
        frontmatter: { title: 'glossary.yaml' },
        compiledCode: '',
        plainText: '',
        sourceHash: 'prova-99',
      })
      .returning({ id: schema.contentVersions.id });
    const r = await restoreVersion({ documentId: id, versionId: v!.id, actorId: lecturer.id, note: 'ritorno' });
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect((await db.select().from(schema.glossaryTerms)).map((g) => g.id)).toContain('sui');
  });

  it('offices.yaml: an invalid e-mail is refused with an Italian message', async () => {
    const bad = '- id: q-lucca\n  name: "Questura di Lucca"\n  kind: questura\n  email: "non-una-mail"\n';
    const checked = await checkDocument({ doc: { kind: 'library_file', slug: 'offices.yaml' }, source: bad, render: false });
    expect(checked.issues.map((i) => i.message).join('\n')).toMatch(/indirizzo e-mail non valido/);
    const good = await checkDocument({ doc: { kind: 'library_file', slug: 'offices.yaml' }, source: bad.replace('non-una-mail', 'lucca@example.it'), render: true });
    expect(good.library).toMatchObject({ kind: 'offices', offices: [{ id: 'q-lucca', name: 'Questura di Lucca' }] });
  });
});

describe('review of the library', () => {
  it('when the library requires review, a card is published only after another person approves it (four eyes)', async () => {
    const id = await docId('library_card', 'scheda-prova');
    const reviewer = await seedUser({ role: 'lecturer' });
    const db = await getDb();
    await db.insert(schema.userRoles).values({ userId: reviewer.id, role: 'revisore' });
    await db.insert(schema.userRoles).values({ userId: lecturer.id, role: 'revisore' });
    await saveSettings({ actorId: lecturer.id, values: { reviewLibrary: true } });
    try {
      const state = await getEditorState(id);
      const revision = state!.draft?.revision ?? 0;
      const source = CARD.replace('16 euro.', '16 euro e una marca da bollo.');
      expect(await saveDraft({ documentId: id, actorId: lecturer.id, source, quizSource: '', revision })).toMatchObject({ ok: true });
      expect(await publishDraft({ documentId: id, actorId: lecturer.id, revision: revision + 1, note: '', lawSummary: null })).toEqual({ ok: false, reason: 'notApproved' });
      expect(await submitForReview({ documentId: id, actorId: lecturer.id, revision: revision + 1 })).toEqual({ ok: true, state: 'in_review' });
      // The author, although a reviewer, cannot approve their own revision.
      expect(await decideReview({ documentId: id, actorId: lecturer.id, revision: revision + 1, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'ownRevision' });
      expect(await decideReview({ documentId: id, actorId: reviewer.id, revision: revision + 1, decision: 'approved', message: 'Va bene' })).toEqual({ ok: true, state: 'approved' });
      expect(await publishDraft({ documentId: id, actorId: lecturer.id, revision: revision + 1, note: '', lawSummary: null })).toMatchObject({ ok: true, state: 'published' });
      expect((await search('bollo')).map((h) => h.ref)).toContain('scheda-prova');
      const audit = await db.select({ action: schema.auditLog.action }).from(schema.auditLog).where(eq(schema.auditLog.target, id));
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['studio.save', 'studio.review.submit', 'studio.review.approve', 'studio.publish', 'studio.restore']));
    } finally {
      await saveSettings({ actorId: lecturer.id, values: { reviewLibrary: false } });
    }
    expect((await getSettings()).reviewLibrary).toBe(false);
  });

  it('a card from the files retired in the studio stays retired at the next start-up import, and one brought back stays back', async () => {
    const root = makeContent(uniqueSlug('biblioteca'), { 'library/glossary.yaml': GLOSSARY, 'library/cards/scheda-da-file.mdx': CARD });
    await importContent({ root });
    const id = await docId('library_card', 'scheda-da-file');
    const position = async () => {
      const db = await getDb();
      const [row] = await db.select({ position: schema.contentDocuments.position }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, id));
      return row!.position;
    };
    expect(await setCardRetired({ documentId: id, actorId: lecturer.id, retire: true })).toEqual({ ok: true });
    await importContent({ root });
    expect(await position()).toBe(-1);
    expect(await setCardRetired({ documentId: id, actorId: lecturer.id, retire: false })).toEqual({ ok: true });
    await importContent({ root });
    expect(await position()).toBe(0);
  });
});
