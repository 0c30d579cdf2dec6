/**
 * The studio's documents by kind: a module (MDX and quiz), a library card (MDX, with the card's
 * fixed sections) or a library file (glossary.yaml, offices.yaml, synonyms.yaml). Each kind is
 * validated by the import's own code (parseMdxSource, parseYamlText, the same zod schemas) and
 * turned into what a content version stores, so drafts, review, publishing and history are one
 * workflow for all of them.
 */
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { CARD_SECTIONS, cardFrontmatterSchema, glossarySchema, officesSchema, synonymsSchema, type GlossaryTerm, type Office, type Synonym } from '~/content/formats';
import { cardSectionsIssue, contentHash, duplicateIdIssues, LIBRARY_FILES, parseMdxSource, parseYamlText, RESERVED_CARD_SLUGS, type ContentIssue, type LibraryFileName } from '~/content/loader.server';
import type { ModuleMeta, QuizDefinition } from '~/content/stored';
import { officeView, replaceLibraryData } from '~/library/library.server';
import type { LibraryPreview } from './library-preview';
import { rebuildLibrarySearch } from '~/library/search-index.server';
import { getDb, schema, type DbOrTx, type Tx } from '~/utils/db.server';
import { advisoryChecks, MAX_SOURCE_CHARS, missingReferences, previewModule, toIssue, validateModule, withPosition, type StudioIssue, type StudioWarning } from './validate.server';

/** The kinds of document the studio edits (a course's outline is edited elsewhere). */
export const EDITABLE_KINDS = ['module', 'library_card', 'library_file'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
export const isEditableKind = (k: string): k is EditableKind => (EDITABLE_KINDS as readonly string[]).includes(k);

/** What a content version stores, prepared from a valid text. */
export interface PreparedVersion {
  title: string;
  frontmatter: Record<string, unknown>;
  /** the MDX body to compile; null for a YAML file */
  body: string | null;
  plainText: string;
  meta: ModuleMeta | undefined;
  quiz: QuizDefinition | null;
  hash: string;
}

export type { LibraryPreview };

export type DocumentCheck =
  { ok: true; issues: StudioIssue[]; warnings: StudioWarning[]; version: PreparedVersion; library: LibraryPreview | null } | { ok: false; issues: StudioIssue[]; warnings: StudioWarning[] };

export interface DocumentRef {
  kind: EditableKind;
  slug: string;
}

const LIBRARY_SCHEMAS = { 'glossary.yaml': glossarySchema, 'offices.yaml': officesSchema, 'synonyms.yaml': synonymsSchema } as const;
const isLibraryFile = (slug: string): slug is LibraryFileName => (LIBRARY_FILES as readonly string[]).includes(slug);

/** The name problems are reported under (the file of the content folder). */
export function documentFile(doc: DocumentRef): string {
  if (doc.kind === 'module') return 'index.mdx';
  if (doc.kind === 'library_card') return `${doc.slug}.mdx`;
  return doc.slug;
}

/** Validates a text of any editable kind; nothing is stored. */
export async function validateDocument({ doc, source, quizSource = '', now = new Date() }: { doc: DocumentRef; source: string; quizSource?: string; now?: Date }): Promise<DocumentCheck> {
  if (doc.kind === 'module') {
    const r = await validateModule({ source, quizSource, now });
    if (!r.ok) return r;
    const m = r.module;
    return {
      ok: true,
      issues: [],
      warnings: r.warnings,
      library: null,
      version: {
        title: m.frontmatter.title,
        frontmatter: m.frontmatter,
        body: m.body,
        plainText: m.analysis.plainText,
        meta: { toc: m.analysis.toc, cardRefs: m.analysis.cardRefs, termRefs: m.analysis.termRefs, wordCount: m.analysis.wordCount },
        quiz: m.quiz,
        hash: m.hash,
      },
    };
  }
  const file = documentFile(doc);
  const issues: ContentIssue[] = [];
  if (source.length > MAX_SOURCE_CHARS) return { ok: false, issues: [{ file, line: null, column: null, message: `il testo supera ${MAX_SOURCE_CHARS} caratteri` }], warnings: [] };
  if (doc.kind === 'library_card') {
    const card = parseMdxSource(file, source, cardFrontmatterSchema, issues);
    let warnings: StudioWarning[] = [];
    if (card) {
      const sections = cardSectionsIssue(file, card.analysis);
      if (sections) issues.push(sections);
      issues.push(...(await missingReferences(card.analysis, file)));
      warnings = advisoryChecks(card.frontmatter, card.analysis, source, now, 'card');
      for (const basis of card.frontmatter.legalBasis)
        if (!/\bart(t)?\.|\barticol/i.test(basis)) warnings.push({ code: 'sourceArticle', message: `la base giuridica «${basis}» è citata senza articolo` });
    }
    if (issues.length || !card) return { ok: false, issues: issues.map((i) => withPosition(toIssue(i), source, file)), warnings };
    const a = card.analysis;
    return {
      ok: true,
      issues: [],
      warnings,
      library: null,
      version: {
        title: card.frontmatter.title,
        frontmatter: card.frontmatter,
        body: card.body,
        plainText: a.plainText,
        meta: { toc: a.toc, cardRefs: a.cardRefs, termRefs: a.termRefs, wordCount: a.wordCount },
        quiz: null,
        hash: card.hash,
      },
    };
  }
  // A library file: its YAML, the import's schema, then what the rest of the library needs of it.
  if (!isLibraryFile(doc.slug)) return { ok: false, issues: [{ file, line: null, column: null, message: 'file della biblioteca sconosciuto' }], warnings: [] };
  const parsed = parseYamlText(file, source, LIBRARY_SCHEMAS[doc.slug], issues);
  let library: LibraryPreview | null = null;
  if (parsed) {
    if (doc.slug === 'glossary.yaml') {
      const terms = parsed.value as GlossaryTerm[];
      issues.push(...duplicateIdIssues(file, terms));
      issues.push(...(await removedCitedTerms(file, new Set(terms.map((t) => t.id)))));
      library = { kind: 'glossary', terms: [...terms].sort((x, y) => x.term.localeCompare(y.term, 'it')) };
    } else if (doc.slug === 'offices.yaml') {
      const offices = parsed.value as Office[];
      issues.push(...duplicateIdIssues(file, offices));
      library = { kind: 'offices', offices: offices.map(officeView).sort((x, y) => x.name.localeCompare(y.name, 'it')) };
    } else library = { kind: 'synonyms', synonyms: parsed.value as Synonym[] };
  }
  if (issues.length || !parsed || !library) return { ok: false, issues: issues.map(toIssue), warnings: [] };
  return {
    ok: true,
    issues: [],
    warnings: [],
    library,
    version: { title: doc.slug, frontmatter: { title: doc.slug }, body: null, plainText: '', meta: undefined, quiz: null, hash: contentHash(source) },
  };
}

/**
 * Glossary terms the published modules and cards cite must stay in the glossary: a problem per
 * term of the glossary in force that the new version removes, naming the documents that cite it.
 * A citation of a term already missing is not this version's doing, and does not block it.
 */
async function removedCitedTerms(file: string, kept: Set<string>): Promise<ContentIssue[]> {
  const db = await getDb();
  const inForce = new Set((await db.select({ id: schema.glossaryTerms.id }).from(schema.glossaryTerms)).map((g) => g.id));
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const rows = await db
    .select({ kind: d.kind, slug: d.slug, title: sql<string>`${v.frontmatter}->>'title'`, refs: sql<string[] | null>`${v.meta}->'termRefs'` })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(sql`(${d.kind} = 'module' and ${d.position} >= 1) or (${d.kind} = 'library_card' and ${d.position} >= 0)`)
    .orderBy(asc(d.kind), asc(d.slug));
  const citing = new Map<string, string[]>();
  for (const r of rows)
    for (const term of r.refs ?? [])
      if (inForce.has(term) && !kept.has(term)) (citing.get(term) ?? citing.set(term, []).get(term)!).push(`${r.kind === 'module' ? 'il modulo' : 'la scheda'} «${r.title ?? r.slug}»`);
  return [...citing].map(([term, docs]) => ({ file, message: `il termine «${term}» non si può togliere: lo citano ${docs.join(', ')}` }));
}

/** What the editor shows for a text: problems, warnings and, when asked and valid, the preview. */
export async function checkDocument({ doc, source, quizSource = '', render }: { doc: DocumentRef; source: string; quizSource?: string; render: boolean }) {
  const r = await validateDocument({ doc, source, quizSource });
  let html: string | null = null;
  let compileFailed = false;
  if (r.ok && render && r.version.body !== null) {
    try {
      html = await previewModule({ body: r.version.body, hash: r.version.hash });
    } catch {
      compileFailed = true;
    }
  }
  const card = r.ok && doc.kind === 'library_card' ? { title: r.version.title, summary: String(r.version.frontmatter.summary ?? '') } : null;
  return { issues: r.issues, warnings: r.warnings, html, compileFailed, card, library: r.ok && render ? r.library : null };
}

/** A document's kind and slug, or null when it is not one the studio edits. */
export async function getDocumentRef(conn: DbOrTx, documentId: string): Promise<(DocumentRef & { id: string; scope: string; position: number; currentVersionId: string | null }) | null> {
  const d = schema.contentDocuments;
  const [row] = await conn.select({ id: d.id, kind: d.kind, slug: d.slug, scope: d.scope, position: d.position, currentVersionId: d.currentVersionId }).from(d).where(eq(d.id, documentId));
  if (!row || !isEditableKind(row.kind)) return null;
  if (row.kind !== 'module' && row.scope !== 'library') return null;
  return { ...row, kind: row.kind };
}

/**
 * After a library document's version changes (publish, restore), in the same transaction: the
 * glossary, offices and synonyms are derived again from the versions in force, and the search
 * index is rebuilt, so search shows the new text at once.
 */
export async function afterLibraryChange(tx: Tx, kind: EditableKind) {
  if (kind === 'module') return;
  if (kind === 'library_file') {
    const d = schema.contentDocuments;
    const v = schema.contentVersions;
    const rows = await tx
      .select({ slug: d.slug, source: v.source })
      .from(d)
      .innerJoin(v, eq(v.id, d.currentVersionId))
      .where(and(eq(d.kind, 'library_file'), eq(d.scope, 'library')));
    const read = <F extends LibraryFileName>(name: F) => {
      const row = rows.find((r) => r.slug === name);
      return row ? (parseYamlText(name, row.source, LIBRARY_SCHEMAS[name], [])?.value ?? []) : [];
    };
    await replaceLibraryData(tx, { glossary: read('glossary.yaml') as GlossaryTerm[], offices: read('offices.yaml') as Office[], synonyms: read('synonyms.yaml') as Synonym[] });
  }
  await rebuildLibrarySearch(tx);
}

/** The library as the studio lists it: cards (retired ones last) and the YAML files, with their drafts. */
export async function listStudioLibrary() {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const s = schema.studioDrafts;
  return db
    .select({
      id: d.id,
      kind: d.kind,
      slug: d.slug,
      position: d.position,
      title: sql<string | null>`${v.frontmatter}->>'title'`,
      versionNo: v.versionNo,
      publishedAt: v.publishedAt,
      draftState: s.state,
      draftUpdatedAt: s.updatedAt,
      scheduledAt: s.scheduledAt,
    })
    .from(d)
    .leftJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(s, and(eq(s.documentId, d.id), sql`${s.state} in ('draft', 'in_review', 'changes_requested', 'approved', 'scheduled')`))
    .where(and(eq(d.scope, 'library'), sql`${d.kind} in ('library_card', 'library_file')`, gte(d.position, -1)))
    .orderBy(asc(d.kind), sql`${d.position} < 0`, sql`coalesce(${v.frontmatter}->>'title', ${d.slug})`);
}

/** A studio document by id (the routes' check of a forged or foreign id). */
export async function findStudioDocument(documentId: string) {
  return getDocumentRef(await getDb(), documentId);
}

/** A new card's first draft: valid as it stands, so the lecturer starts from a text without problems. */
export function cardTemplate(title: string, today = new Date()): string {
  const body = CARD_SECTIONS.map((s) => `## ${s}\n\nDa scrivere.\n`).join('\n');
  return `---
title: ${JSON.stringify(title)}
summary: "Da scrivere: in una frase, a chi serve la scheda e che cosa ottiene."
topics: [sportello]
offices: [sportello]
legalBasis: ["art. da indicare"]
reviewedAt: "${today.toISOString().slice(0, 10)}"
audience: [terzo-settore]
---

${body}`;
}

export const CARD_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export type CreateCardOutcome = { ok: true; documentId: string } | { ok: false; reason: 'exists' | 'reserved' | 'invalid' };

/** "Aggiungi una scheda": a document without versions and its first draft (users see it only once published). */
export async function createCard({ slug, title, actorId }: { slug: string; title: string; actorId: string }): Promise<CreateCardOutcome> {
  if (!CARD_SLUG.test(slug) || !title.trim() || title.length > 200) return { ok: false, reason: 'invalid' };
  if (RESERVED_CARD_SLUGS.includes(slug)) return { ok: false, reason: 'reserved' };
  const db = await getDb();
  return db.transaction(async (tx): Promise<CreateCardOutcome> => {
    const d = schema.contentDocuments;
    const [row] = await tx.insert(d).values({ kind: 'library_card', scope: 'library', slug, position: 0 }).onConflictDoNothing().returning({ id: d.id });
    if (!row) return { ok: false, reason: 'exists' };
    const [draft] = await tx
      .insert(schema.studioDrafts)
      .values({ documentId: row.id, baseVersionId: null, source: cardTemplate(title.trim()), quizSource: '', revision: 1, authorId: actorId, updatedBy: actorId })
      .returning({ id: schema.studioDrafts.id });
    await tx.insert(schema.studioDraftAuthors).values({ draftId: draft!.id, userId: actorId }).onConflictDoNothing();
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.card.create', target: row.id, data: JSON.stringify({ slug, draftId: draft!.id }) });
    return { ok: true, documentId: row.id };
  });
}

export type RetireOutcome = { ok: true } | { ok: false; reason: 'notFound' | 'unchanged' } | { ok: false; reason: 'cited'; citedBy: string[] };

/**
 * "Ritira la scheda": the card leaves the library, its links and its search (position -1), and its
 * versions stay in the history; `retire: false` puts it back. A card still cited by a module or
 * another card is not retired: the citing documents are named.
 */
export async function setCardRetired({ documentId, actorId, retire }: { documentId: string; actorId: string; retire: boolean }): Promise<RetireOutcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<RetireOutcome> => {
    const d = schema.contentDocuments;
    const [doc] = await tx
      .select({ slug: d.slug, position: d.position, currentVersionId: d.currentVersionId })
      .from(d)
      .where(and(eq(d.id, documentId), eq(d.kind, 'library_card'), eq(d.scope, 'library')))
      .for('update');
    if (!doc || !doc.currentVersionId) return { ok: false, reason: 'notFound' };
    if (retire === doc.position < 0) return { ok: false, reason: 'unchanged' };
    if (retire) {
      const v = schema.contentVersions;
      const citing = await tx
        .select({ kind: d.kind, slug: d.slug, title: sql<string | null>`${v.frontmatter}->>'title'` })
        .from(d)
        .innerJoin(v, eq(v.id, d.currentVersionId))
        .where(
          and(
            sql`((${d.kind} = 'module' and ${d.position} >= 1) or (${d.kind} = 'library_card' and ${d.position} >= 0 and ${d.id} <> ${documentId}))`,
            sql`${v.meta}->'cardRefs' @> ${JSON.stringify([doc.slug])}::jsonb`,
          ),
        )
        .orderBy(asc(d.kind), asc(d.slug));
      if (citing.length) return { ok: false, reason: 'cited', citedBy: citing.map((c) => `${c.kind === 'module' ? 'il modulo' : 'la scheda'} «${c.title ?? c.slug}»`) };
    }
    await tx
      .update(d)
      .set({ position: retire ? -1 : 0, placedInStudio: true })
      .where(eq(d.id, documentId));
    await rebuildLibrarySearch(tx);
    await tx.insert(schema.auditLog).values({ actorId, action: retire ? 'studio.card.retire' : 'studio.card.unretire', target: documentId, data: JSON.stringify({ slug: doc.slug }) });
    return { ok: true };
  });
}
