/**
 * `content:import`: validate everything, compile each changed MDX once (one at a time: esbuild is
 * memory-hungry), then store new immutable versions in one transaction. Unchanged sources (same
 * hash) create nothing. Any problem aborts before the first write.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';
import type { CardFrontmatter, ModuleFrontmatter, QuizDefinition } from '~/content/stored';
import { compileMdx } from '~/content/compile.server';
import { formatIssue, loadContent, type ContentIssue, type LoadedDocument } from '~/content/loader.server';
import { replaceLibraryData } from '~/library/library.server';
import { rebuildLibrarySearch } from '~/library/search-index.server';

export class ContentImportError extends Error {
  constructor(public issues: ContentIssue[]) {
    super(`Importazione annullata: ${issues.length} problemi nei contenuti.\n` + issues.map(formatIssue).join('\n'));
  }
}

export interface ImportReport {
  created: Array<{ kind: string; slug: string; versionNo: number }>;
  unchanged: number;
  /** files that changed over a version published in the studio: not imported */
  conflicts: ContentIssue[];
}

type Pending = {
  kind: 'module' | 'library_card';
  scope: string;
  slug: string;
  position: number;
  doc: LoadedDocument<ModuleFrontmatter | CardFrontmatter>;
  quiz: QuizDefinition | null;
  courseSlug?: string;
};

export async function importContent({ root, publishedBy }: { root: string; publishedBy?: string }): Promise<ImportReport> {
  const content = loadContent(root);
  if (content.issues.length) throw new ContentImportError(content.issues);
  const db = await getDb();

  const pending: Pending[] = [
    ...content.cards.map((c) => ({ kind: 'library_card' as const, scope: 'library', slug: c.slug, position: 0, doc: c, quiz: null })),
    ...content.courses.flatMap((course) =>
      course.modules.map((m) => ({ kind: 'module' as const, scope: course.definition.slug, slug: m.slug, position: m.position, doc: m, quiz: m.quiz, courseSlug: course.definition.slug })),
    ),
  ];

  // Which sources are new? Compare with the current version's hash of each document.
  const current = await db
    .select({
      id: schema.contentDocuments.id,
      kind: schema.contentDocuments.kind,
      scope: schema.contentDocuments.scope,
      slug: schema.contentDocuments.slug,
      hash: schema.contentVersions.sourceHash,
      inStudio: sql<boolean>`${schema.studioVersionNotes.versionId} is not null`,
    })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .leftJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, schema.contentDocuments.currentVersionId));
  const known = new Map(current.map((r) => [`${r.kind}/${r.scope}/${r.slug}`, r]));
  const fileHashes = await fileImportedHashes(current.filter((r) => r.inStudio).map((r) => r.id));
  const conflicts: ContentIssue[] = [];
  // The studio's versions are the source of truth: over a document published in the studio, a file
  // is imported never; one that changed since its last file import is a conflict, reported to admins.
  const changed = pending.filter((p) => {
    const cur = known.get(`${p.kind}/${p.scope}/${p.slug}`);
    if (cur?.hash === p.doc.hash) return false;
    if (!cur?.inStudio) return true;
    if (!fileHashes.get(cur.id)?.has(p.doc.hash))
      conflicts.push({ file: p.doc.file, message: 'il file è cambiato, ma il documento ha una versione pubblicata nello studio: il file non è stato importato (modifica il documento nello studio)' });
    return false;
  });

  // Compile before writing anything, one at a time.
  const compiled = new Map<Pending, string>();
  const compileIssues: ContentIssue[] = [];
  for (const p of changed) {
    try {
      compiled.set(p, await compileMdx(p.doc.body));
    } catch (err) {
      compileIssues.push({ file: p.doc.file, message: `compilazione non riuscita: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  if (compileIssues.length) throw new ContentImportError(compileIssues);

  const report: ImportReport = { created: [], unchanged: pending.length - changed.length - conflicts.length, conflicts };
  await db.transaction(async (tx) => {
    const courseIds = new Map<string, string>();
    for (const course of content.courses) {
      const def = course.definition;
      const [row] = await tx
        .insert(schema.courses)
        .values({ slug: def.slug, title: def.title, definition: def, sourceHash: course.hash })
        .onConflictDoUpdate({ target: schema.courses.slug, set: { title: def.title, definition: def, sourceHash: course.hash, updatedAt: new Date() } })
        .returning({ id: schema.courses.id });
      courseIds.set(def.slug, row!.id);
    }
    for (const p of pending) {
      const docId = await upsertDocument(tx, p, p.courseSlug ? courseIds.get(p.courseSlug)! : null);
      const code = compiled.get(p);
      if (code === undefined) continue;
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${schema.contentVersions.versionNo}), 0) + 1` })
        .from(schema.contentVersions)
        .where(eq(schema.contentVersions.documentId, docId))) as [{ next: number }];
      const a = p.doc.analysis;
      const [version] = await tx
        .insert(schema.contentVersions)
        .values({
          documentId: docId,
          versionNo: Number(next),
          source: p.doc.source,
          frontmatter: p.doc.frontmatter,
          compiledCode: code,
          plainText: a.plainText,
          meta: { toc: a.toc, cardRefs: a.cardRefs, termRefs: a.termRefs, wordCount: a.wordCount },
          quiz: p.quiz ?? null,
          sourceHash: p.doc.hash,
          publishedBy: publishedBy ?? null,
        })
        .returning({ id: schema.contentVersions.id });
      await tx.update(schema.contentDocuments).set({ currentVersionId: version!.id }).where(eq(schema.contentDocuments.id, docId));
      report.created.push({ kind: p.kind, slug: p.slug, versionNo: Number(next) });
    }
    // Modules removed from course.yaml are kept (progress refers to them) but leave the course order.
    for (const course of content.courses) await retireMissing(tx, 'module', course.definition.slug, course.modules);
    // A folder with library/cards is the whole library: cards no longer in it are retired (kept,
    // since versions are immutable, but out of the library, its search and its links).
    if (content.hasCardsFolder) await retireMissing(tx, 'library_card', 'library', content.cards);
    if (content.glossary.length || content.offices.length || content.synonyms.length) {
      await replaceLibraryData(tx, { glossary: content.glossary, offices: content.offices, synonyms: content.synonyms });
    }
    await rebuildLibrarySearch(tx);
  });
  return report;
}

/** Documents of a scope that are no longer in the content folder get position -1 (retired, not deleted). */
async function retireMissing(tx: Tx, kind: 'module' | 'library_card', scope: string, present: Array<{ slug: string }>) {
  const d = schema.contentDocuments;
  await tx
    .update(d)
    .set({ position: -1 })
    .where(and(eq(d.kind, kind), eq(d.scope, scope), sql`${d.slug} <> all(${sqlArray(present.map((p) => p.slug))})`));
}

function sqlArray(values: string[]) {
  return sql`array[${sql.join(values.length ? values.map((v) => sql`${v}`) : [sql`''`], sql`, `)}]::text[]`;
}

async function upsertDocument(tx: Tx, p: Pending, courseId: string | null): Promise<string> {
  const [row] = await tx
    .insert(schema.contentDocuments)
    .values({ kind: p.kind, scope: p.scope, slug: p.slug, courseId, position: p.position })
    .onConflictDoUpdate({
      target: [schema.contentDocuments.kind, schema.contentDocuments.scope, schema.contentDocuments.slug],
      set: { position: p.position, courseId },
    })
    .returning({ id: schema.contentDocuments.id });
  return row!.id;
}

/** For each document, the hashes of the versions that came from files (not from the studio). */
async function fileImportedHashes(documentIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (!documentIds.length) return out;
  const db = await getDb();
  const v = schema.contentVersions;
  const rows = await db
    .select({ documentId: v.documentId, hash: v.sourceHash })
    .from(v)
    .leftJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, v.id))
    .where(and(inArray(v.documentId, documentIds), isNull(schema.studioVersionNotes.versionId)));
  for (const r of rows) {
    if (!out.has(r.documentId)) out.set(r.documentId, new Set());
    out.get(r.documentId)!.add(r.hash);
  }
  return out;
}
