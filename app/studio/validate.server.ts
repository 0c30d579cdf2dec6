/**
 * The studio checks a lecturer's text with the import's own code (parseMdxSource, parseYamlText:
 * the same path as `content:import` and `content:check`), plus the references a single document
 * cannot check alone (cards and glossary terms, read from the database), plus the advisory checks
 * shown before publishing (readability, review date, sources without an article, link text).
 */
import { and, eq, gte, inArray } from 'drizzle-orm';
import { compileMdx } from '~/content/compile.server';
import { GULPEASE_MIN } from '~/content/check.server';
import { moduleFrontmatterSchema, type ModuleFrontmatter } from '~/content/formats';
import { contentHash, parseMdxSource, parseYamlText, type ContentIssue } from '~/content/loader.server';
import { gulpease, splitFrontmatter, type MdxAnalysis } from '~/content/mdx-analysis.server';
import { quizSchema, type QuizDefinition } from '~/content/quiz-formats';
import { renderCompiledHtml } from '~/content/render.server';
import { getDb, schema } from '~/utils/db.server';

export const MODULE_FILE = 'index.mdx';
export const QUIZ_FILE = 'quiz.yaml';
/** The largest module source the studio accepts (a long module is about 40 KB). */
export const MAX_SOURCE_CHARS = 200_000;

export interface StudioIssue {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface StudioWarning {
  code: 'gulpease' | 'reviewedAt' | 'sourceArticle' | 'linkText';
  message: string;
}

export interface ValidatedModule {
  frontmatter: ModuleFrontmatter;
  analysis: MdxAnalysis;
  body: string;
  quiz: QuizDefinition | null;
  hash: string;
}

export const toIssue = (i: ContentIssue): StudioIssue => ({ file: i.file, line: i.line ?? null, column: i.column ?? null, message: i.message });

/**
 * The MDX parser puts some positions only in its message ("… (229:1-229:51)", relative to the body):
 * the editor needs them as line and column of the whole file.
 */
export function withPosition(i: StudioIssue, source: string, file: string = MODULE_FILE): StudioIssue {
  if (i.line != null || i.file !== file) return i;
  const m = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(i.message);
  if (!m) return i;
  return { ...i, line: Number(m[1]) + splitFrontmatter(source).bodyLine, column: Number(m[2]) };
}

/** Validates a module's source and quiz; nothing is stored. */
export async function validateModule({ source, quizSource, now = new Date() }: { source: string; quizSource: string; now?: Date }) {
  const issues: ContentIssue[] = [];
  if (source.length > MAX_SOURCE_CHARS) {
    issues.push({ file: MODULE_FILE, message: `il testo supera ${MAX_SOURCE_CHARS} caratteri: dividi il modulo` });
    return { ok: false as const, issues: issues.map(toIssue), warnings: [] as StudioWarning[] };
  }
  let quiz: QuizDefinition | null = null;
  if (quizSource.trim()) quiz = parseYamlText(QUIZ_FILE, quizSource, quizSchema, issues)?.value ?? null;
  const doc = parseMdxSource(MODULE_FILE, source, moduleFrontmatterSchema, issues, quizSource.trim() ? quizSource : '');
  if (doc) issues.push(...(await missingReferences(doc.analysis)));
  const warnings = doc ? advisoryChecks(doc.frontmatter, doc.analysis, source, now) : [];
  if (issues.length || !doc) return { ok: false as const, issues: issues.map((i) => withPosition(toIssue(i), source)), warnings };
  const validated: ValidatedModule = { frontmatter: doc.frontmatter, analysis: doc.analysis, body: doc.body, quiz, hash: doc.hash };
  return { ok: true as const, issues: [] as StudioIssue[], warnings, module: validated };
}

/** Cards and glossary terms named by the text must exist in the published library. */
export async function missingReferences(analysis: MdxAnalysis, file: string = MODULE_FILE): Promise<ContentIssue[]> {
  const out: ContentIssue[] = [];
  const db = await getDb();
  if (analysis.cardRefs.length) {
    const d = schema.contentDocuments;
    const rows = await db
      .select({ slug: d.slug })
      .from(d)
      .where(and(eq(d.kind, 'library_card'), eq(d.scope, 'library'), gte(d.position, 0), inArray(d.slug, analysis.cardRefs)));
    const have = new Set(rows.map((r) => r.slug));
    for (const s of analysis.cardRefs) if (!have.has(s)) out.push({ file, message: `<Scheda slug="${s}">: la scheda non esiste` });
  }
  if (analysis.termRefs.length) {
    const rows = await db.select({ id: schema.glossaryTerms.id }).from(schema.glossaryTerms).where(inArray(schema.glossaryTerms.id, analysis.termRefs));
    const have = new Set(rows.map((r) => r.id));
    for (const t of analysis.termRefs) if (!have.has(t)) out.push({ file, message: `<Glossario termine="${t}">: il termine non è nel glossario` });
  }
  return out;
}

const MEANINGLESS_LINK = /^\s*(clicca qui|clicca|qui|questo link|link|leggi|leggi qui|vai|scopri di più|click here|here|more)\s*[.:!]?\s*$/i;

/** Warnings: they do not stop publishing, but the lecturer sees them first. */
export function advisoryChecks(
  fm: Pick<ModuleFrontmatter, 'reviewedAt'> & { sources?: ModuleFrontmatter['sources'] },
  analysis: MdxAnalysis,
  source: string,
  now: Date,
  kind: keyof typeof GULPEASE_MIN = 'module',
): StudioWarning[] {
  const out: StudioWarning[] = [];
  const g = gulpease(analysis.plainText);
  const min = GULPEASE_MIN[kind];
  if (analysis.wordCount > 0 && g < min)
    out.push({ code: 'gulpease', message: `leggibilità Gulpease ${g}, sotto la soglia di ${min} per ${kind === 'card' ? 'le schede' : 'i moduli'}: frasi più brevi aiutano` });
  const reviewed = new Date(`${fm.reviewedAt}T00:00:00Z`);
  const yearAgo = new Date(now);
  yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
  if (reviewed < yearAgo) out.push({ code: 'reviewedAt', message: `«reviewedAt» è ${fm.reviewedAt}: la revisione ha più di 12 mesi` });
  for (const s of fm.sources ?? []) if (!s.article) out.push({ code: 'sourceArticle', message: `la fonte «${s.act}» è citata senza articolo` });
  for (const m of source.matchAll(/\[([^\]\n]+)\]\(/g)) {
    if (MEANINGLESS_LINK.test(m[1]!)) out.push({ code: 'linkText', message: `il link «${m[1]}» non dice dove porta: scrivi il nome della pagina` });
  }
  return out;
}

/** The preview: compiled and rendered by exactly the code learners' pages use. */
export async function previewModule(module: Pick<ValidatedModule, 'body' | 'hash'>): Promise<string> {
  const code = await compileMdx(module.body);
  return renderCompiledHtml(`studio:${module.hash}`, code);
}

export { contentHash };

/** What the editor shows for a text: problems, warnings and, when it is valid, the preview. */
export async function checkSource({ source, quizSource, render }: { source: string; quizSource: string; render: boolean }) {
  const r = await validateModule({ source, quizSource });
  let html: string | null = null;
  let compileFailed = false;
  if (r.ok && render) {
    try {
      html = await previewModule(r.module);
    } catch {
      compileFailed = true;
    }
  }
  return { issues: r.issues, warnings: r.warnings, html, compileFailed };
}
