/**
 * A content zip applied from the studio, after its dry run: validated again from scratch (the dry
 * run's page may be old), then imported by the one import code path, as a studio publication
 * (`origin: 'studio'`: new versions of what changed, each with a studio note, audited).
 */
import type { ContentIssue } from '~/content/loader.server';
import { materialise, previewBundle, readBundle, relative } from '~/studio/bundle.server';
import fs from 'node:fs';
import { ContentImportError, importContent, type ImportReport } from './import-content.server';

export type ApplyOutcome = { ok: true; report: ImportReport } | { ok: false; issues: ContentIssue[] };

/** Applies a zip (validated again: the dry run's page may be old): new studio versions of what changed, audited. */
export async function applyBundle({ bytes, actorId }: { bytes: Uint8Array; actorId: string }): Promise<ApplyOutcome> {
  const preview = await previewBundle(bytes);
  if (preview.issues.length) return { ok: false, issues: preview.issues };
  const root = await materialise(readBundle(bytes));
  try {
    return { ok: true, report: await importContent({ root, publishedBy: actorId, origin: 'studio' }) };
  } catch (error) {
    if (error instanceof ContentImportError) return { ok: false, issues: relative(root, error.issues) };
    throw error;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
