/**
 * Content versions are immutable, so what a request needs of them (frontmatter, table of contents,
 * quiz presence) is cached in memory by version id, and course definitions by source hash.
 * Several instances never disagree: a new version has a new id, a changed course.yaml a new hash.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import type { CourseDefinition, ModuleFrontmatter } from './formats';
import type { ModuleMeta } from './stored';

export type { ModuleMeta } from './stored';

export interface VersionInfo {
  id: string;
  versionNo: number;
  hash: string;
  frontmatter: ModuleFrontmatter;
  meta: ModuleMeta;
  quizTitle: string | null;
}

const versions = new Map<string, VersionInfo>();
const courseDefinitions = new Map<string, CourseDefinition>();
const MAX = 2000;

export async function getVersions(ids: string[]): Promise<Map<string, VersionInfo>> {
  const missing = ids.filter((id) => !versions.has(id));
  if (missing.length) {
    const db = await getDb();
    const rows = await db
      .select({
        id: schema.contentVersions.id,
        versionNo: schema.contentVersions.versionNo,
        hash: schema.contentVersions.sourceHash,
        frontmatter: schema.contentVersions.frontmatter,
        meta: schema.contentVersions.meta,
        quizTitle: sql<string | null>`${schema.contentVersions.quiz}->>'title'`,
      })
      .from(schema.contentVersions)
      .where(inArray(schema.contentVersions.id, missing));
    if (versions.size + rows.length > MAX) versions.clear();
    // A version's frontmatter is a module's or a card's; callers know which document they asked for.
    for (const r of rows) versions.set(r.id, { ...r, frontmatter: r.frontmatter as ModuleFrontmatter, meta: r.meta });
  }
  return new Map(ids.filter((id) => versions.has(id)).map((id) => [id, versions.get(id)!]));
}

/** The course row, with its definition cached by source hash. */
export async function findCourse(slug: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: schema.courses.id, slug: schema.courses.slug, title: schema.courses.title, hash: schema.courses.sourceHash })
    .from(schema.courses)
    .where(eq(schema.courses.slug, slug));
  if (!row) return null;
  return { id: row.id, slug: row.slug, title: row.title, definition: await courseDefinition(row.id, row.hash) };
}

/** A course's definition (course.yaml), read from the database once per source hash. */
export async function courseDefinition(id: string, hash: string): Promise<CourseDefinition> {
  let definition = courseDefinitions.get(hash);
  if (!definition) {
    const db = await getDb();
    const [d] = await db.select({ definition: schema.courses.definition }).from(schema.courses).where(eq(schema.courses.id, id));
    definition = d!.definition;
    courseDefinitions.set(hash, definition);
  }
  return definition;
}
