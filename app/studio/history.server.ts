/**
 * History, differences and rollback. Restoring an old version creates a new version equal to it
 * (same source, compiled code and hash): nothing is ever deleted or rewritten.
 */
import { diffLines, diffWordsWithSpace } from 'diff';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { cardFrontmatterSchema, moduleFrontmatterSchema } from '~/content/formats';
import { parseMdxSource } from '~/content/loader.server';
import { listVersions } from './drafts.server';
import { nextVersionNo, supersede } from './publish.server';
import { afterLibraryChange, getDocumentRef, validateDocument, type EditableKind } from './documents.server';
import type { StudioIssue } from './validate.server';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

function parts(changes: Array<{ value: string; added?: boolean; removed?: boolean }>): DiffPart[] {
  return changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/**
 * The text diff: paragraphs first (one a line in plainText), then words inside a changed paragraph,
 * so a word is never matched with the same word in another paragraph. A new paragraph is one insertion.
 */
function blockWordDiff(before: string, after: string): DiffPart[] {
  const blocks = diffLines(before, after);
  const out: DiffPart[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const next = blocks[i + 1];
    if (b.removed && next?.added) {
      out.push(...parts(diffWordsWithSpace(b.value, next.value)));
      i++;
    } else out.push({ kind: b.added ? 'added' : b.removed ? 'removed' : 'same', text: b.value });
  }
  // Merge neighbours of the same kind.
  return out.reduce<DiffPart[]>((acc, p) => {
    const last = acc[acc.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else acc.push({ ...p });
    return acc;
  }, []);
}

/** A source diff by line and a text diff by word (the words a learner reads), between two texts. */
export function diffTexts(before: { source: string; plainText: string }, after: { source: string; plainText: string }) {
  const source = parts(diffLines(before.source, after.source));
  // A YAML file of the library has no text apart from its source: its words are the source's.
  const yamlOnly = !before.plainText && !after.plainText;
  const words = yamlOnly ? blockWordDiff(before.source, after.source) : blockWordDiff(before.plainText, after.plainText);
  // A change is a run of insertions and deletions: a replaced word is one change, not two.
  let changes = 0;
  words.forEach((p, i) => {
    if (p.kind !== 'same' && (i === 0 || words[i - 1]!.kind === 'same')) changes++;
  });
  return { source, words, changes };
}

/** A draft against the published version (the words only when the draft's text parses). */
export function diffDraft(published: { source: string; plainText: string }, draft: { source: string }, kind: EditableKind = 'module') {
  if (kind === 'library_file') return diffTexts({ source: published.source, plainText: '' }, { source: draft.source, plainText: '' });
  const doc = kind === 'library_card' ? parseMdxSource('scheda.mdx', draft.source, cardFrontmatterSchema, []) : parseMdxSource('index.mdx', draft.source, moduleFrontmatterSchema, []);
  return diffTexts(published, { source: draft.source, plainText: doc?.analysis.plainText ?? published.plainText });
}

/** Two versions of the same document, compared. Null when either is not a version of it. */
export async function diffVersions({ documentId, fromId, toId }: { documentId: string; fromId: string; toId: string }) {
  const db = await getDb();
  const v = schema.contentVersions;
  const rows = await db
    .select({ id: v.id, versionNo: v.versionNo, source: v.source, plainText: v.plainText })
    .from(v)
    .where(and(eq(v.documentId, documentId), inArray(v.id, [fromId, toId])));
  const from = rows.find((r) => r.id === fromId);
  const to = rows.find((r) => r.id === toId);
  if (!from || !to) return null;
  return { from: from.versionNo, to: to.versionNo, ...diffTexts(from, to) };
}

export type RestoreOutcome = { ok: true; versionNo: number } | { ok: false; reason: 'notFound' | 'alreadyCurrent' } | { ok: false; reason: 'invalid'; issues: StudioIssue[] };

export async function restoreVersion({ documentId, versionId, actorId, note }: { documentId: string; versionId: string; actorId: string; note: string }): Promise<RestoreOutcome> {
  const db = await getDb();
  // A library document is checked against the library as it is now (a glossary restored without a
  // term that modules cite would break them): the same checks as publishing.
  const ref = await getDocumentRef(db, documentId);
  if (ref && ref.kind !== 'module') {
    const [old] = await db
      .select({ source: schema.contentVersions.source })
      .from(schema.contentVersions)
      .where(and(eq(schema.contentVersions.id, versionId), eq(schema.contentVersions.documentId, documentId)));
    if (old) {
      const checked = await validateDocument({ doc: ref, source: old.source });
      if (!checked.ok) return { ok: false, reason: 'invalid', issues: checked.issues };
    }
  }
  return db.transaction(async (tx): Promise<RestoreOutcome> => {
    const [doc] = await tx.select({ currentVersionId: schema.contentDocuments.currentVersionId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, documentId)).for('update');
    const v = schema.contentVersions;
    const [old] = await tx
      .select()
      .from(v)
      .where(and(eq(v.id, versionId), eq(v.documentId, documentId)));
    if (!doc || !old) return { ok: false, reason: 'notFound' } as const;
    if (doc.currentVersionId === versionId) return { ok: false, reason: 'alreadyCurrent' } as const;
    const [oldNote] = await tx.select({ quizSource: schema.studioVersionNotes.quizSource }).from(schema.studioVersionNotes).where(eq(schema.studioVersionNotes.versionId, versionId));
    const next = await nextVersionNo(tx, documentId);
    const [created] = await tx
      .insert(v)
      .values({
        documentId,
        versionNo: next,
        source: old.source,
        frontmatter: old.frontmatter,
        compiledCode: old.compiledCode,
        plainText: old.plainText,
        meta: old.meta,
        quiz: old.quiz,
        quizSource: old.quizSource ?? oldNote?.quizSource ?? null,
        sourceHash: old.sourceHash,
        publishedBy: actorId,
      })
      .returning({ id: v.id });
    await tx.update(schema.contentDocuments).set({ currentVersionId: created!.id }).where(eq(schema.contentDocuments.id, documentId));
    await supersede(tx, documentId, created!.id);
    // A library document in force again: the library's data and its search follow, in this transaction.
    if (ref) await afterLibraryChange(tx, ref.kind);
    await tx.insert(schema.studioVersionNotes).values({ versionId: created!.id, documentId, note, restoredFromVersionId: versionId, quizSource: old.quizSource ?? oldNote?.quizSource ?? null });
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.restore', target: documentId, data: JSON.stringify({ from: old.versionNo, versionNo: next }) });
    return { ok: true, versionNo: next } as const;
  });
}

/** The history page: every version, and the diff asked for (default: the previous version against the current one). */
export async function loadHistory({ documentId, fromId, toId }: { documentId: string; fromId?: string | null; toId?: string | null }) {
  const versions = withFileUpdates(await listVersions(documentId));
  if (!versions.length) return { versions, diff: null, fromId: null, toId: null };
  const to = versions.find((v) => v.id === toId) ?? versions[0]!;
  const from = versions.find((v) => v.id === fromId) ?? versions.find((v) => v.versionNo < to.versionNo) ?? null;
  const diff = from ? await diffVersions({ documentId, fromId: from.id, toId: to.id }) : null;
  return { versions, diff, fromId: from?.id ?? null, toId: to.id };
}

/**
 * A version imported from a file says what changed through its frontmatter's `update` (content
 * format): the summary belongs to the version where it first appears, and with `lawChange` it is a
 * "modifica normativa", shown like one published in the studio. Versions are listed newest first.
 */
export function withFileUpdates<T extends { inStudio: boolean; note: string | null; lawSummary: string | null; fileUpdate: { summary: string; lawChange?: boolean } | null }>(versions: T[]): T[] {
  return versions.map((v, i) => {
    if (v.inStudio || !v.fileUpdate?.summary) return v;
    const older = versions[i + 1];
    if (older?.fileUpdate?.summary === v.fileUpdate.summary) return v;
    return { ...v, note: v.fileUpdate.summary, lawSummary: v.fileUpdate.lawChange ? v.fileUpdate.summary : v.lawSummary };
  });
}
