/**
 * The last content import's refusals, kept for admins. A start-up whose content folder has errors
 * goes on serving the last good versions; what was refused (file, line, Italian message) is stored
 * here and shown at /admin/contenuti until an import succeeds.
 */
import { eq } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import type { ContentIssue } from './mdx-analysis.server';

const KEY = 'content_import_report';

export interface ImportProblems {
  at: string;
  source: string;
  issues: ContentIssue[];
}

export async function recordImportProblems(report: ImportProblems): Promise<void> {
  const db = await getDb();
  const value = JSON.stringify(report);
  await db.insert(schema.appSettings).values({ key: KEY, value }).onConflictDoUpdate({ target: schema.appSettings.key, set: { value } });
}

export async function clearImportProblems(): Promise<void> {
  const db = await getDb();
  await db.delete(schema.appSettings).where(eq(schema.appSettings.key, KEY));
}

export async function getImportProblems(): Promise<ImportProblems | null> {
  const db = await getDb();
  const [row] = await db.select({ value: schema.appSettings.value }).from(schema.appSettings).where(eq(schema.appSettings.key, KEY));
  if (!row) return null;
  try {
    return JSON.parse(row.value) as ImportProblems;
  } catch {
    return null;
  }
}
