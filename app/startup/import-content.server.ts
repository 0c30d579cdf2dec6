/**
 * `content:import`: validate everything, compile each changed MDX once (one at a time: esbuild is
 * memory-hungry), then store new immutable versions in one transaction. Unchanged sources (same
 * hash) create nothing. Any problem aborts before the first write.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type Tx } from '~/utils/db.server';
import type { z } from '~/utils/zod';
import type { CardFrontmatter, CourseDefinition, ModuleFrontmatter, QuizDefinition } from '~/content/stored';
import { compileMdx } from '~/content/compile.server';
import { courseSchema, glossarySchema, officesSchema, synonymsSchema } from '~/content/formats';
import { contentHash, formatIssue, loadContent, parseYamlText, type ContentIssue, type LibraryFileName, type LoadedDocument } from '~/content/loader.server';
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
  kind: 'module' | 'library_card' | 'course_file' | 'library_file';
  scope: string;
  slug: string;
  file: string;
  source: string;
  hash: string;
  /** a module or a card: compiled and analysed; a YAML file has none of this */
  doc: LoadedDocument<ModuleFrontmatter | CardFrontmatter> | null;
  quiz: QuizDefinition | null;
  quizSource: string | null;
  courseSlug?: string;
};

const key = (p: { kind: string; scope: string; slug: string }) => `${p.kind}/${p.scope}/${p.slug}`;

/**
 * `origin` says who imports: 'files' (start-up, `npm run content:import`) never overwrites a document
 * published in the studio; 'studio' (a lecturer's zip, after its dry run) is itself a studio
 * publication: it applies every changed file, and each version it creates gets a studio note, so the
 * next import of files respects it in turn.
 */
export const STUDIO_IMPORT_NOTE = 'importato dallo studio';

export async function importContent({ root, publishedBy, origin = 'files' }: { root: string; publishedBy?: string; origin?: 'files' | 'studio' }): Promise<ImportReport> {
  const content = loadContent(root);
  if (content.issues.length) throw new ContentImportError(content.issues);
  const db = await getDb();

  const mdx = (
    kind: 'module' | 'library_card',
    scope: string,
    doc: LoadedDocument<ModuleFrontmatter | CardFrontmatter>,
    quiz: QuizDefinition | null,
    quizRaw: string,
    courseSlug?: string,
  ): Pending => ({
    kind,
    scope,
    slug: doc.slug,
    file: doc.file,
    source: doc.source,
    hash: doc.hash,
    doc,
    quiz,
    quizSource: quizRaw || null,
    courseSlug,
  });
  const pending: Pending[] = [
    ...content.courses.map((c) => ({
      kind: 'course_file' as const,
      scope: c.definition.slug,
      slug: c.definition.slug,
      file: c.file,
      source: c.raw,
      hash: contentHash(c.raw),
      doc: null,
      quiz: null,
      quizSource: null,
    })),
    ...content.libraryFiles.map((f) => ({ kind: 'library_file' as const, scope: 'library', slug: f.name, file: f.file, source: f.raw, hash: f.hash, doc: null, quiz: null, quizSource: null })),
    ...content.cards.map((c) => mdx('library_card', 'library', c, null, '')),
    ...content.courses.flatMap((course) => course.modules.map((m) => mdx('module', course.definition.slug, m, m.quiz, m.quizRaw, course.definition.slug))),
  ];

  // Which sources are new? Compare with the current version's hash of each document.
  const current = await db
    .select({
      id: schema.contentDocuments.id,
      kind: schema.contentDocuments.kind,
      scope: schema.contentDocuments.scope,
      slug: schema.contentDocuments.slug,
      versionId: schema.contentVersions.id,
      hash: schema.contentVersions.sourceHash,
      source: schema.contentVersions.source,
      hasQuizSource: sql<boolean>`${schema.contentVersions.quizSource} is not null`,
      inStudio: sql<boolean>`${schema.studioVersionNotes.versionId} is not null`,
      placedInStudio: schema.contentDocuments.placedInStudio,
    })
    .from(schema.contentDocuments)
    .innerJoin(schema.contentVersions, eq(schema.contentVersions.id, schema.contentDocuments.currentVersionId))
    .leftJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, schema.contentDocuments.currentVersionId));
  const known = new Map(current.map((r) => [key(r), r]));
  const fileHashes = await fileImportedHashes(current.filter((r) => r.inStudio).map((r) => r.id));
  const conflicts: ContentIssue[] = [];
  // The studio's versions are the source of truth: over a document published in the studio, a file
  // is imported never; one that changed since its last file import is a conflict, reported to admins.
  const changed = pending.filter((p) => {
    const cur = known.get(key(p));
    if (cur?.hash === p.hash) return false;
    if (!cur?.inStudio || origin === 'studio') return true;
    if (!fileHashes.get(cur.id)?.has(p.hash))
      conflicts.push({ file: p.file, message: 'il file è cambiato, ma il documento ha una versione pubblicata nello studio: il file non è stato importato (modifica il documento nello studio)' });
    return false;
  });
  const applied = new Set(changed.map(key));

  // Compile before writing anything, one at a time.
  const compiled = new Map<Pending, string>();
  const compileIssues: ContentIssue[] = [];
  for (const p of changed) {
    if (!p.doc) continue;
    try {
      compiled.set(p, await compileMdx(p.doc.body));
    } catch (err) {
      compileIssues.push({ file: p.file, message: `compilazione non riuscita: ${(err as Error).message.split('\n')[0]}` });
    }
  }
  if (compileIssues.length) throw new ContentImportError(compileIssues);

  // What is in force after the import: the file where it was applied, else the version in the
  // database (the studio's, when a lecturer changed it there).
  const inForce = <T extends z.ZodTypeAny>(p: { kind: Pending['kind']; scope: string; slug: string }, fromFile: z.infer<T>, schemaOf: T): z.infer<T> => {
    const cur = known.get(key(p));
    if (!cur || applied.has(key(p))) return fromFile;
    const parsed = parseYamlText(p.slug, cur.source, schemaOf, []);
    return parsed ? parsed.value : fromFile;
  };

  const report: ImportReport = { created: [], unchanged: pending.length - changed.length - conflicts.length, conflicts };
  await db.transaction(async (tx) => {
    const courseIds = new Map<string, string>();
    const outlines = new Map<string, string[]>();
    for (const course of content.courses) {
      const def = inForce({ kind: 'course_file', scope: course.definition.slug, slug: course.definition.slug }, course.definition, courseSchema) as CourseDefinition;
      const hash = def === course.definition ? course.hash : known.get(key({ kind: 'course_file', scope: def.slug, slug: def.slug }))!.hash;
      const [row] = await tx
        .insert(schema.courses)
        .values({ slug: def.slug, title: def.title, definition: def, sourceHash: hash })
        .onConflictDoUpdate({ target: schema.courses.slug, set: { title: def.title, definition: def, sourceHash: hash, updatedAt: new Date() } })
        .returning({ id: schema.courses.id });
      courseIds.set(def.slug, row!.id);
      outlines.set(
        def.slug,
        def.modules.map((folder) => folder.replace(/^\d+-/, '')),
      );
    }
    for (const p of pending) {
      // A module's place is the one the course outline in force gives it (-1: not in the outline); a
      // card the studio owns, or retired or brought back, keeps its place.
      let position: number | null = 0;
      if (p.kind === 'module') {
        const at = outlines.get(p.scope)?.indexOf(p.slug) ?? -1;
        position = at >= 0 ? at + 1 : -1;
      } else if (p.kind === 'library_card' && (known.get(key(p))?.inStudio || known.get(key(p))?.placedInStudio)) position = null;
      const courseId = p.kind === 'module' && p.courseSlug ? courseIds.get(p.courseSlug)! : null;
      const docId = await upsertDocument(tx, p, courseId, position);
      const cur = known.get(key(p));
      if (cur && cur.hash === p.hash && p.quizSource && !cur.hasQuizSource) {
        // A version imported before quiz sources were kept: the same hash means the same quiz.yaml.
        await tx.update(schema.contentVersions).set({ quizSource: p.quizSource }).where(eq(schema.contentVersions.id, cur.versionId));
      }
      if (!applied.has(key(p))) continue;
      const code = p.doc ? compiled.get(p)! : '';
      const [{ next }] = (await tx
        .select({ next: sql<number>`coalesce(max(${schema.contentVersions.versionNo}), 0) + 1` })
        .from(schema.contentVersions)
        .where(eq(schema.contentVersions.documentId, docId))) as [{ next: number }];
      const a = p.doc?.analysis;
      const [version] = await tx
        .insert(schema.contentVersions)
        .values({
          documentId: docId,
          versionNo: Number(next),
          source: p.source,
          frontmatter: p.doc ? p.doc.frontmatter : { title: p.slug },
          compiledCode: code,
          plainText: a?.plainText ?? '',
          meta: a ? { toc: a.toc, cardRefs: a.cardRefs, termRefs: a.termRefs, wordCount: a.wordCount } : undefined,
          quiz: p.quiz ?? null,
          quizSource: p.quizSource,
          sourceHash: p.hash,
          publishedBy: publishedBy ?? null,
        })
        .returning({ id: schema.contentVersions.id });
      await tx.update(schema.contentDocuments).set({ currentVersionId: version!.id }).where(eq(schema.contentDocuments.id, docId));
      if (origin === 'studio') await tx.insert(schema.studioVersionNotes).values({ versionId: version!.id, documentId: docId, note: STUDIO_IMPORT_NOTE, quizSource: p.quizSource });
      report.created.push({ kind: p.kind, slug: p.slug, versionNo: Number(next) });
    }
    // Modules missing from the outline in force are kept (progress refers to them) but leave the
    // course order.
    for (const [scope, slugs] of outlines) await retireMissing(tx, 'module', scope, slugs);
    // A folder with library/cards is the whole library: cards no longer in it are retired (kept,
    // since versions are immutable, but out of the library, its search and its links), except the
    // cards the studio owns.
    if (content.hasCardsFolder)
      await retireMissing(
        tx,
        'library_card',
        'library',
        content.cards.map((c) => c.slug),
      );
    if (content.libraryFiles.length) {
      const lib = (name: LibraryFileName) => ({ kind: 'library_file' as const, scope: 'library', slug: name });
      await replaceLibraryData(tx, {
        glossary: inForce(lib('glossary.yaml'), content.glossary, glossarySchema),
        offices: inForce(lib('offices.yaml'), content.offices, officesSchema),
        synonyms: inForce(lib('synonyms.yaml'), content.synonyms, synonymsSchema),
      });
    }
    await rebuildLibrarySearch(tx);
    if (origin === 'studio') await tx.insert(schema.auditLog).values({ actorId: publishedBy ?? null, action: 'studio.import', target: null, data: JSON.stringify({ created: report.created }) });
  });
  return report;
}

/** Documents of a scope that are no longer in the content folder get position -1 (retired, not deleted). */
async function retireMissing(tx: Tx, kind: 'module' | 'library_card', scope: string, present: string[]) {
  const d = schema.contentDocuments;
  const studioOwned = sql`exists (select 1 from ${schema.studioVersionNotes} n where n.version_id = ${d.currentVersionId})`;
  await tx
    .update(d)
    .set({ position: -1 })
    .where(and(eq(d.kind, kind), eq(d.scope, scope), sql`${d.slug} <> all(${sqlArray(present)})`, kind === 'library_card' ? sql`not ${studioOwned}` : undefined));
}

function sqlArray(values: string[]) {
  return sql`array[${sql.join(values.length ? values.map((v) => sql`${v}`) : [sql`''`], sql`, `)}]::text[]`;
}

/** The document of a file; `position` null keeps the place it has. */
async function upsertDocument(tx: Tx, p: Pending, courseId: string | null, position: number | null): Promise<string> {
  const [row] = await tx
    .insert(schema.contentDocuments)
    .values({ kind: p.kind, scope: p.scope, slug: p.slug, courseId, position: position ?? 0 })
    .onConflictDoUpdate({
      target: [schema.contentDocuments.kind, schema.contentDocuments.scope, schema.contentDocuments.slug],
      set: position === null ? { courseId } : { position, courseId },
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
