/**
 * Reads a content folder from disk and validates all of it (course.yaml, module frontmatter,
 * quiz.yaml, cards, glossary, offices, synonyms) without touching the database.
 * Every problem is reported with its file (and field, or line and column).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describeIssues, type z } from '~/utils/zod';
import { quizSchema, type QuizDefinition } from '~/content/quiz-formats';
import {
  CARD_SECTIONS,
  cardFrontmatterSchema,
  courseSchema,
  glossarySchema,
  moduleFrontmatterSchema,
  officesSchema,
  synonymsSchema,
  type CardFrontmatter,
  type CourseDefinition,
  type GlossaryTerm,
  type ModuleFrontmatter,
  type Office,
  type Synonym,
} from './formats';
import { analyzeMdx, splitFrontmatter, type ContentIssue, type MdxAnalysis } from './mdx-analysis.server';

export type { ContentIssue };

export interface LoadedDocument<F> {
  file: string;
  slug: string;
  source: string;
  body: string;
  frontmatter: F;
  analysis: MdxAnalysis;
  hash: string;
}

export interface LoadedModule extends LoadedDocument<ModuleFrontmatter> {
  folder: string;
  position: number;
  quiz: QuizDefinition | null;
  quizFile: string | null;
  /** the quiz.yaml exactly as written ('' when the module has none) */
  quizRaw: string;
}

export interface LoadedCourse {
  file: string;
  definition: CourseDefinition;
  /** course.yaml exactly as written */
  raw: string;
  hash: string;
  modules: LoadedModule[];
}

export interface LoadedContent {
  root: string;
  courses: LoadedCourse[];
  cards: Array<LoadedDocument<CardFrontmatter>>;
  /** True when the folder has library/cards: then it is the whole library, and cards missing from it are retired. */
  hasCardsFolder: boolean;
  glossary: GlossaryTerm[];
  offices: Office[];
  synonyms: Synonym[];
  /** the library's YAML files that exist, exactly as written */
  libraryFiles: LibraryFile[];
  issues: ContentIssue[];
}

export const LIBRARY_FILES = ['glossary.yaml', 'offices.yaml', 'synonyms.yaml'] as const;
export type LibraryFileName = (typeof LIBRARY_FILES)[number];

export interface LibraryFile {
  name: LibraryFileName;
  file: string;
  raw: string;
  hash: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function rel(root: string, file: string) {
  return path.relative(process.cwd(), path.join(root, file)) || file;
}

function readYaml<T extends z.ZodTypeAny>(root: string, file: string, schema: T, issues: ContentIssue[]): { value: z.infer<T>; raw: string } | null {
  return parseYamlText(rel(root, file), fs.readFileSync(path.join(root, file), 'utf8'), schema, issues);
}

/** A YAML text validated with its schema (files on disk and the studio's editor take this one path). */
export function parseYamlText<T extends z.ZodTypeAny>(name: string, raw: string, schema: T, issues: ContentIssue[]): { value: z.infer<T>; raw: string } | null {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(raw, { prettyErrors: true, lineCounter });
  if (doc.errors.length) {
    for (const e of doc.errors) issues.push({ file: name, line: e.linePos?.[0]?.line, column: e.linePos?.[0]?.col, message: `YAML non valido: ${e.message.split('\n')[0]}` });
    return null;
  }
  const value = safeToJS(doc, name, issues);
  if (value === FAILED) return null;
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data, raw };
  // Each schema problem at the line of the value it is about (or of the nearest enclosing one), so
  // an editor can show it inline.
  const messages = describeIssues(parsed.error);
  parsed.error.issues.forEach((issue, i) => {
    const at = yamlPosition(doc, lineCounter, issue.path);
    issues.push({ file: name, line: at?.line, column: at?.col, message: messages[i]! });
  });
  return null;
}

function yamlPosition(doc: YAML.Document, lines: YAML.LineCounter, path: PropertyKey[]): { line: number; col: number } | null {
  for (let k = path.length; k >= 0; k--) {
    const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k) as Array<string | number>, true);
    if (node && YAML.isNode(node) && node.range) return lines.linePos(node.range[0]);
  }
  return null;
}

const FAILED = Symbol('failed');

/**
 * The document's value, or FAILED with an Italian issue: a YAML "alias bomb" (aliases that expand
 * exponentially) or any other error of the parser names the file instead of crashing the import.
 */
function safeToJS(doc: YAML.Document, file: string, issues: ContentIssue[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    issues.push({
      file,
      message: /alias/i.test(message) ? 'YAML non valido: troppi alias (&/*) che si espandono; scrivi i valori per esteso' : `YAML non valido: ${message.split('\n')[0]}`,
    });
    return FAILED;
  }
}

function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown, file: string, issues: ContentIssue[], raw = ''): { value: z.infer<T>; raw: string } | null {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const message of describeIssues(parsed.error)) issues.push({ file, message });
    return null;
  }
  return { value: parsed.data, raw };
}

function readMdx<F>(root: string, file: string, schema: z.ZodType<F>, issues: ContentIssue[], extraHash = ''): Omit<LoadedDocument<F>, 'slug'> | null {
  return parseMdxSource(rel(root, file), fs.readFileSync(path.join(root, file), 'utf8'), schema, issues, extraHash);
}

/** The content hash of a document: its source, and its quiz YAML for a module. */
export function contentHash(source: string, extraHash = ''): string {
  return sha256(source + '\u0000' + extraHash);
}

/**
 * An MDX document (frontmatter and body) validated as the import validates it: the files on disk
 * and the studio's editor take this one path, so both report the same problems.
 */
export function parseMdxSource<F>(name: string, source: string, schema: z.ZodType<F>, issues: ContentIssue[], extraHash = ''): Omit<LoadedDocument<F>, 'slug'> | null {
  const { yaml, body, bodyLine } = splitFrontmatter(source);
  if (yaml === null) {
    issues.push({ file: name, line: 1, message: 'manca il frontmatter YAML tra due righe ---' });
    return null;
  }
  const doc = YAML.parseDocument(yaml);
  if (doc.errors.length) {
    for (const e of doc.errors) issues.push({ file: name, line: (e.linePos?.[0]?.line ?? 0) + 1, column: e.linePos?.[0]?.col, message: `frontmatter non valido: ${e.message.split('\n')[0]}` });
    return null;
  }
  const value = safeToJS(doc, name, issues);
  if (value === FAILED) return null;
  const fm = parseWith(schema as z.ZodTypeAny, value ?? {}, name, issues);
  const { analysis, issues: mdxIssues } = analyzeMdx(name, body, bodyLine);
  issues.push(...mdxIssues);
  if (!fm || !analysis) return null;
  return { file: name, source, body, frontmatter: fm.value as F, analysis, hash: contentHash(source, extraHash) };
}

export function loadContent(root: string): LoadedContent {
  const issues: ContentIssue[] = [];
  const out: LoadedContent = { root, courses: [], cards: [], glossary: [], offices: [], synonyms: [], libraryFiles: [], issues, hasCardsFolder: false };
  if (!fs.existsSync(root)) {
    issues.push({ file: root, message: 'la cartella dei contenuti non esiste' });
    return out;
  }

  // Library
  const lib = path.join(root, 'library');
  if (fs.existsSync(lib)) {
    for (const [name, schema, key] of [
      ['glossary.yaml', glossarySchema, 'glossary'],
      ['offices.yaml', officesSchema, 'offices'],
      ['synonyms.yaml', synonymsSchema, 'synonyms'],
    ] as const) {
      if (fs.existsSync(path.join(lib, name))) {
        const r = readYaml(lib, name, schema as z.ZodTypeAny, issues);
        if (r) {
          (out as unknown as Record<string, unknown>)[key] = r.value;
          out.libraryFiles.push({ name, file: rel(lib, name), raw: r.raw, hash: contentHash(r.raw) });
        }
      }
    }
    issues.push(...duplicateIdIssues(rel(lib, 'glossary.yaml'), out.glossary));
    const cardsDir = path.join(lib, 'cards');
    if (fs.existsSync(cardsDir)) {
      out.hasCardsFolder = true;
      for (const f of fs.readdirSync(cardsDir).filter((f) => f.endsWith('.mdx')).sort()) {
        const slug = f.replace(/\.mdx$/, '');
        if (!/^[a-z0-9-]+$/.test(slug)) {
          issues.push({ file: rel(cardsDir, f), message: 'il nome del file deve contenere solo lettere minuscole, cifre e trattini' });
          continue;
        }
        if (RESERVED_CARD_SLUGS.includes(slug)) {
          issues.push({ file: rel(cardsDir, f), message: `il nome «${slug}» è riservato a una pagina della biblioteca (${RESERVED_CARD_SLUGS.join(', ')}): rinomina il file` });
          continue;
        }
        const doc = readMdx(cardsDir, f, cardFrontmatterSchema, issues);
        if (!doc) continue;
        const sectionIssue = cardSectionsIssue(doc.file, doc.analysis);
        if (sectionIssue) issues.push(sectionIssue);
        out.cards.push({ ...doc, slug });
      }
    }
  }

  // Courses
  const coursesDir = path.join(root, 'courses');
  if (fs.existsSync(coursesDir)) {
    for (const c of fs.readdirSync(coursesDir).sort()) {
      const dir = path.join(coursesDir, c);
      if (!fs.statSync(dir).isDirectory()) continue;
      if (!fs.existsSync(path.join(dir, 'course.yaml'))) {
        issues.push({ file: rel(dir, 'course.yaml'), message: 'manca course.yaml' });
        continue;
      }
      const course = readYaml(dir, 'course.yaml', courseSchema, issues);
      if (!course) continue;
      const loaded: LoadedCourse = { file: rel(dir, 'course.yaml'), definition: course.value, raw: course.raw, hash: sha256(course.raw), modules: [] };
      course.value.modules.forEach((folder: string, i: number) => {
        const mdx = path.join(folder, 'index.mdx');
        if (!fs.existsSync(path.join(dir, mdx))) {
          issues.push({ file: loaded.file, message: `campo «modules[${i}]»: la cartella ${folder} non ha index.mdx` });
          return;
        }
        const quizRel = path.join(folder, 'quiz.yaml');
        let quiz: QuizDefinition | null = null;
        let quizRaw = '';
        if (fs.existsSync(path.join(dir, quizRel))) {
          const q = readYaml(dir, quizRel, quizSchema, issues);
          if (q) {
            quiz = q.value;
            quizRaw = q.raw;
          }
        }
        const doc = readMdx(dir, mdx, moduleFrontmatterSchema, issues, quizRaw);
        if (!doc) return;
        loaded.modules.push({ ...doc, folder, slug: folder.replace(/^\d+-/, ''), position: i + 1, quiz, quizFile: quiz ? rel(dir, quizRel) : null, quizRaw });
      });
      const final = course.value.completion.finalExam;
      if (final && !course.value.modules.includes(final)) issues.push({ file: loaded.file, message: `campo «completion.finalExam»: ${final} non è tra i moduli` });
      out.courses.push(loaded);
    }
  }

  crossCheck(out);
  return out;
}

/** A card's `##` sections must be CARD_SECTIONS, in order (the import and the studio check it here). */
export function cardSectionsIssue(file: string, analysis: MdxAnalysis): ContentIssue | null {
  const sections = analysis.headings.filter((h) => h.depth === 2).map((h) => h.text.trim());
  if (sections.join('|') === CARD_SECTIONS.join('|')) return null;
  return { file, message: `le sezioni ## devono essere, in quest'ordine: ${CARD_SECTIONS.join(', ')} (trovate: ${sections.join(', ') || 'nessuna'})` };
}

/** Glossary or office ids written twice (the import and the studio check it here). */
export function duplicateIdIssues(file: string, items: Array<{ id: string }>): ContentIssue[] {
  const ids = new Set<string>();
  const out: ContentIssue[] = [];
  for (const g of items) {
    if (ids.has(g.id)) out.push({ file, message: `id «${g.id}» ripetuto` });
    ids.add(g.id);
  }
  return out;
}

/** Card slugs that are pages of the library itself (/biblioteca/cerca, …): a card cannot take them. */
export const RESERVED_CARD_SLUGS = ['cerca', 'glossario', 'uffici'];

/** References between documents: cards, glossary terms, final-exam pools. */
function crossCheck(content: LoadedContent) {
  const cards = new Set(content.cards.map((c) => c.slug));
  const terms = new Set(content.glossary.map((g) => g.id));
  const docs = [...content.cards, ...content.courses.flatMap((c) => c.modules)];
  for (const d of docs) {
    for (const s of d.analysis.cardRefs) if (!cards.has(s)) content.issues.push({ file: d.file, message: `<Scheda slug="${s}">: la scheda non esiste` });
    for (const t of d.analysis.termRefs) if (!terms.has(t)) content.issues.push({ file: d.file, message: `<Glossario termine="${t}">: il termine non è nel glossario` });
  }
  for (const course of content.courses) {
    for (const m of course.modules) {
      if (!m.quiz?.include) continue;
      const pool = course.modules.filter((o) => o !== m && o.quiz && !o.quiz.include).reduce((n, o) => n + (o.quiz?.questions.length ?? 0), 0);
      if (m.quiz.draw && m.quiz.draw > pool) content.issues.push({ file: m.quizFile ?? m.file, message: `campo «draw»: ${m.quiz.draw} domande richieste, ma i moduli ne offrono ${pool}` });
    }
  }
}

export function formatIssue(i: ContentIssue): string {
  const where = i.line != null ? `${i.file}:${i.line}${i.column != null ? `:${i.column}` : ''}` : i.file;
  return `${where} — ${i.message}`;
}
