import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ContentImportError, importContent } from '~/startup/import-content.server';
import { getCourseModules, getModulePage } from '~/courses/courses.server';
import { checkContent } from '~/content/check.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

async function versionCount(scope: string) {
  const db = await getDb();
  const [row] = await db
    .select({ n: count() })
    .from(schema.contentVersions)
    .innerJoin(schema.contentDocuments, eq(schema.contentDocuments.id, schema.contentVersions.documentId))
    .where(and(eq(schema.contentDocuments.scope, scope), eq(schema.contentDocuments.kind, 'module')));
  return Number(row!.n);
}

async function rejected(root: string): Promise<string> {
  const err = await importContent({ root }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContentImportError);
  return (err as Error).message;
}

describe('content import', () => {
  it('stores one immutable version per document and creates none when nothing changed', async () => {
    const slug = uniqueSlug();
    const root = makeContent(slug);
    const first = await importContent({ root });
    expect(first.created.filter((c) => c.kind === 'module').map((c) => c.slug)).toEqual(['primo', 'secondo']);
    expect(await versionCount(slug)).toBe(2);
    const again = await importContent({ root });
    expect(again.created).toEqual([]);
    expect(await versionCount(slug)).toBe(2);
  });

  it('a changed module gets a new version and the old one is kept', async () => {
    const slug = uniqueSlug();
    const root = makeContent(slug);
    await importContent({ root });
    fs.writeFileSync(path.join(root, `courses/${slug}/02-secondo/index.mdx`), moduleMdx('Secondo modulo, rivisto'));
    const report = await importContent({ root });
    expect(report.created).toEqual([{ kind: 'module', slug: 'secondo', versionNo: 2 }]);
    expect(await versionCount(slug)).toBe(3);
    const user = await seedUser();
    const page = await getModulePage({ userId: user.id, courseSlug: slug, moduleSlug: 'secondo' });
    expect(page?.module.title).toBe('Secondo modulo, rivisto');
    expect(page?.module.versionNo).toBe(2);
  });

  it.each([
    ['an import statement', "import X from './x.js'\n\n## Titolo\n", 'import ed export non sono ammessi'],
    ['an export statement', 'export const a = 1\n\n## Titolo\n', 'import ed export non sono ammessi'],
    ['a JavaScript expression', '## Titolo\n\nDue più due fa {2 + 2}.\n', 'espressioni JavaScript'],
    ['a component outside the allowlist', '## Titolo\n\n<Script>alert(1)</Script>\n', 'componente <Script> non ammesso'],
    ['a computed attribute', '## Titolo\n\n<Scheda slug={"x"}>x</Scheda>\n', 'deve essere un testo tra virgolette'],
    ['raw HTML', '## Titolo\n\n<div>ciao</div>\n', 'componente <div> non ammesso'],
  ])('a module with %s is rejected with file, line and column, and nothing is stored', async (_name, body, message) => {
    const slug = uniqueSlug();
    const root = makeContent(slug, { [`courses/${slug}/02-secondo/index.mdx`]: moduleMdx('Secondo', body) });
    const text = await rejected(root);
    expect(text).toMatch(new RegExp(`02-secondo/index\\.mdx:\\d+:\\d+ — .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(await versionCount(slug)).toBe(0);
    const db = await getDb();
    expect(await db.select().from(schema.courses).where(eq(schema.courses.slug, slug))).toEqual([]);
  });

  it('a malformed quiz.yaml fails the import with the path of the field and an Italian message', async () => {
    const slug = uniqueSlug();
    const bad = `title: "Verifica"\nquestions:\n  - id: q1\n    type: single\n    prompt: "?"\n    options:\n      - { id: a, text: "A", correct: true }\n      - { id: b, text: "B", correct: true }\n    explanation: "x"\n`;
    const root = makeContent(slug, { [`courses/${slug}/01-primo/quiz.yaml`]: bad });
    const text = await rejected(root);
    expect(text).toContain('01-primo/quiz.yaml:7:7 — campo «questions[0].options»: una domanda «single» deve avere esattamente un’opzione corretta');
    expect(await versionCount(slug)).toBe(0);
  });

  it('missing frontmatter and a dangling card reference are reported with file and field', async () => {
    const slug = uniqueSlug();
    const noSummary = moduleMdx('Primo').replace('summary: "Riassunto."\n', '');
    const root = makeContent(slug, {
      [`courses/${slug}/01-primo/index.mdx`]: noSummary,
      [`courses/${slug}/02-secondo/index.mdx`]: moduleMdx('Secondo', '## Titolo\n\nVedi <Scheda slug="non-esiste">qui</Scheda>.\n\n#### Salto\n'),
    });
    const text = await rejected(root);
    expect(text).toContain('01-primo/index.mdx — campo «summary»');
    expect(text).toContain('<Scheda slug="non-esiste">: la scheda non esiste');
    expect(text).toMatch(/salta un livello/);
  });

  it('imports the whole DREAM course and library from content/, and content:check passes on it', async () => {
    const report = checkContent(path.resolve('content'));
    expect(report.errors).toEqual([]);
    await importContent({ root: path.resolve('content') });
    const user = await seedUser();
    const data = await getCourseModules({ userId: user.id, courseSlug: 'dream' });
    expect(data?.modules).toHaveLength(10);
    expect(data?.modules.every((m) => m.reviewedAt && m.objectives.length > 0)).toBe(true);
    const db = await getDb();
    const [cards] = await db.select({ n: count() }).from(schema.contentDocuments).where(eq(schema.contentDocuments.kind, 'library_card'));
    expect(Number(cards!.n)).toBeGreaterThanOrEqual(17);
    const page = await getModulePage({ userId: user.id, courseSlug: 'dream', moduleSlug: 'fonti-attori-competenze' });
    expect(page?.html).toContain('aula-caso');
    expect(page?.meta.wordCount).toBeGreaterThan(1200);
  }, 120_000);

  it('keeps every file exactly as written: course.yaml, quiz.yaml and the library YAML have versions of their own', async () => {
    const slug = uniqueSlug();
    const root = makeContent(slug);
    const quizFile = path.join(root, `courses/${slug}/01-primo/quiz.yaml`);
    fs.writeFileSync(quizFile, '# commento del docente\n' + fs.readFileSync(quizFile, 'utf8'));
    await importContent({ root });
    const db = await getDb();
    const d = schema.contentDocuments;
    const v = schema.contentVersions;
    const sourceOf = async (kind: 'module' | 'course_file' | 'library_file', scope: string, docSlug: string) => {
      const [row] = await db
        .select({ source: v.source, quizSource: v.quizSource })
        .from(d)
        .innerJoin(v, eq(v.id, d.currentVersionId))
        .where(and(eq(d.kind, kind), eq(d.scope, scope), eq(d.slug, docSlug)));
      return row;
    };
    expect((await sourceOf('course_file', slug, slug))?.source).toBe(fs.readFileSync(path.join(root, `courses/${slug}/course.yaml`), 'utf8'));
    expect((await sourceOf('module', slug, 'primo'))?.quizSource).toBe(fs.readFileSync(quizFile, 'utf8'));
    expect((await sourceOf('module', slug, 'secondo'))?.quizSource).toBeNull();
    expect((await sourceOf('library_file', 'library', 'glossary.yaml'))?.source).toBe(fs.readFileSync(path.join(root, 'library/glossary.yaml'), 'utf8'));
  });

  it('an outline the studio published is kept by the next file import: positions follow it, and the changed file is a conflict', async () => {
    const slug = uniqueSlug();
    const root = makeContent(slug);
    await importContent({ root });
    const db = await getDb();
    const d = schema.contentDocuments;
    const v = schema.contentVersions;
    const courseFile = path.join(root, `courses/${slug}/course.yaml`);
    const reordered = fs.readFileSync(courseFile, 'utf8').replace('modules: [01-primo, 02-secondo]', 'modules: [02-secondo, 01-primo]');
    // What the studio's outline does when it publishes: a new version of course.yaml, with its note.
    const [doc] = await db
      .select()
      .from(d)
      .where(and(eq(d.kind, 'course_file'), eq(d.scope, slug)));
    const [version] = await db
      .insert(v)
      .values({ documentId: doc!.id, versionNo: 2, source: reordered, frontmatter: { title: slug }, compiledCode: '', sourceHash: 'studio', plainText: '' })
      .returning({ id: v.id });
    await db.update(d).set({ currentVersionId: version!.id }).where(eq(d.id, doc!.id));
    await db.insert(schema.studioVersionNotes).values({ versionId: version!.id, documentId: doc!.id, note: 'riordino' });
    // The file changes too (a title): the studio's outline wins and the file is reported.
    fs.writeFileSync(courseFile, fs.readFileSync(courseFile, 'utf8').replace(`title: "Corso ${slug}"`, `title: "Corso ${slug} (file)"`));
    const report = await importContent({ root });
    expect(report.conflicts.map((c) => c.file)).toEqual([expect.stringContaining(`${slug}/course.yaml`)]);
    const positions = await db
      .select({ slug: d.slug, position: d.position })
      .from(d)
      .where(and(eq(d.kind, 'module'), eq(d.scope, slug)));
    expect(Object.fromEntries(positions.map((p) => [p.slug, p.position]))).toEqual({ secondo: 1, primo: 2 });
    const [course] = await db.select().from(schema.courses).where(eq(schema.courses.slug, slug));
    expect(course!.title).toBe(`Corso ${slug}`);
    expect(course!.definition.modules).toEqual(['02-secondo', '01-primo']);
  });
});
