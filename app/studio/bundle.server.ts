/**
 * Content as files, from the studio: a course or the library exported as a zip in exactly the
 * `content/` format (every file as written, from the versions in force), and a zip imported back
 * with a dry run. The zip is checked before anything is read (size, file count, uncompressed size,
 * paths), extracted into a temporary folder, and validated by `loadContent`, the import's own code
 * path; applying it is `importContent({ origin: 'studio' })` (app/startup/import-bundle.server.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffLines } from 'diff';
import { and, eq, gte, isNotNull } from 'drizzle-orm';
import { Unzip, UnzipInflate, zipSync, type Zippable } from 'fflate';
import YAML from 'yaml';
import { KB, MB, allowUpload } from '~/http/limits';
import { courseSchema, type CourseDefinition } from '~/content/formats';
import { LIBRARY_FILES, loadContent, parseYamlText, type ContentIssue } from '~/content/loader.server';
import { getDb, schema } from '~/utils/db.server';
import type { DiffPart } from './history.server';

export const BUNDLE_IMPORT_PATH = /^\/studio\/importa$/;
/** The zip itself */
export const BUNDLE_MAX_BYTES = 10 * MB;
/** Everything in it, uncompressed, and how many entries (a zip bomb is refused before it fills memory) */
export const BUNDLE_MAX_UNCOMPRESSED = 40 * MB;
export const BUNDLE_MAX_FILES = 2000;
// The dry run's page sends the zip back (base64) to apply it: room for both.
allowUpload(BUNDLE_IMPORT_PATH, Math.ceil(BUNDLE_MAX_BYTES * 1.4) + 64 * KB, 'content zip (courses or library, content/ format)');

/** Every file of the content, by its path in `content/`. */
type Files = Map<string, string>;

/** The library's files in force: its YAML files and the cards in the library (position >= 0). */
async function libraryFiles(): Promise<Files> {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const rows = await db
    .select({ kind: d.kind, slug: d.slug, source: v.source })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(and(eq(d.scope, 'library'), gte(d.position, 0)));
  const files: Files = new Map();
  for (const r of rows.sort((a, b) => a.slug.localeCompare(b.slug))) {
    if (r.kind === 'library_file' && (LIBRARY_FILES as readonly string[]).includes(r.slug)) files.set(`library/${r.slug}`, r.source);
    else if (r.kind === 'library_card') files.set(`library/cards/${r.slug}.mdx`, r.source);
  }
  return files;
}

/** A course's files in force: course.yaml, then each module of its outline (index.mdx and quiz.yaml). */
async function courseFiles(courseSlug: string): Promise<Files | null> {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const [file] = await db
    .select({ source: v.source })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(and(eq(d.kind, 'course_file'), eq(d.scope, courseSlug), eq(d.slug, courseSlug)));
  if (!file) return null;
  const parsed = parseYamlText('course.yaml', file.source, courseSchema, []);
  if (!parsed) return null;
  const def = parsed.value as CourseDefinition;
  const modules = await db
    .select({ slug: d.slug, source: v.source, quizSource: v.quizSource, quiz: v.quiz })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .where(and(eq(d.kind, 'module'), eq(d.scope, courseSlug), isNotNull(d.currentVersionId)));
  const bySlug = new Map(modules.map((m) => [m.slug, m]));
  const files: Files = new Map([[`courses/${courseSlug}/course.yaml`, file.source]]);
  for (const folder of def.modules) {
    const m = bySlug.get(folder.replace(/^\d+-/, ''));
    if (!m) continue;
    files.set(`courses/${courseSlug}/${folder}/index.mdx`, m.source);
    // A version stored before quiz sources were kept has only the parsed quiz: written out.
    const quiz = m.quizSource ?? (m.quiz ? YAML.stringify(m.quiz, { lineWidth: 0 }) : null);
    if (quiz !== null) files.set(`courses/${courseSlug}/${folder}/quiz.yaml`, quiz);
  }
  return files;
}

function zipFiles(files: Files): Uint8Array {
  const tree: Zippable = {};
  // Fixed time: the same content gives the same zip.
  for (const [name, text] of files) tree[name] = [new TextEncoder().encode(text), { mtime: new Date('2026-01-01T00:00:00Z') }];
  return zipSync(tree, { level: 6 });
}

/** The zip of a course (null: no such course) or, with `'library'`, of the library. */
export async function exportBundle(what: { library: true } | { course: string }): Promise<Uint8Array | null> {
  const files = 'library' in what ? await libraryFiles() : await courseFiles(what.course);
  return files ? zipFiles(files) : null;
}

export type BundleRefusal = 'missing' | 'tooLarge' | 'notZip' | 'empty' | 'tooManyFiles' | 'tooBig' | 'badPath' | 'outside' | 'notText';

export class BundleRefused extends Error {
  constructor(
    public reason: BundleRefusal,
    public file?: string,
  ) {
    super(`zip refused: ${reason}${file ? ` (${file})` : ''}`);
  }
}

/** What a zip may hold: the paths of `content/`, nothing else. */
const ALLOWED = [
  /^library\/(glossary|offices|synonyms)\.yaml$/,
  /^library\/cards\/[a-z0-9-]+\.mdx$/,
  /^courses\/[a-z0-9-]+\/course\.yaml$/,
  /^courses\/[a-z0-9-]+\/\d{2}-[a-z0-9-]+\/(index\.mdx|quiz\.yaml)$/,
];

function checkPath(name: string) {
  if (!name || name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[a-zA-Z]:/.test(name) || name.split('/').some((s) => s === '..' || s === '.'))
    throw new BundleRefused('badPath', name);
  if (!ALLOWED.some((re) => re.test(name))) throw new BundleRefused('outside', name);
}

/**
 * The files of a zip, checked while it is read: a zip at all, paths of the content format only,
 * at most BUNDLE_MAX_FILES entries and BUNDLE_MAX_UNCOMPRESSED bytes once inflated (counted as the
 * data comes out, so a header that lies about sizes does not help), UTF-8 text.
 */
export function readBundle(bytes: Uint8Array): Files {
  if (!bytes.byteLength) throw new BundleRefused('missing');
  if (bytes.byteLength > BUNDLE_MAX_BYTES) throw new BundleRefused('tooLarge');
  if (bytes.byteLength < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || (bytes[2] !== 3 && bytes[2] !== 5) || (bytes[3] !== 4 && bytes[3] !== 6)) throw new BundleRefused('notZip');
  const chunks = new Map<string, Uint8Array[]>();
  let entries = 0;
  let total = 0;
  let failure: unknown = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (failure) return;
    try {
      if (++entries > BUNDLE_MAX_FILES) throw new BundleRefused('tooManyFiles');
      if (file.name.endsWith('/')) return; // a folder entry
      checkPath(file.name);
      if (chunks.has(file.name)) throw new BundleRefused('badPath', file.name);
      if (file.compression !== 0 && file.compression !== 8) throw new BundleRefused('notZip', file.name);
      const parts: Uint8Array[] = [];
      chunks.set(file.name, parts);
      file.ondata = (err, data) => {
        if (failure) return;
        if (err) {
          failure = new BundleRefused('notZip', file.name);
          return;
        }
        total += data.byteLength;
        if (total > BUNDLE_MAX_UNCOMPRESSED) {
          failure = new BundleRefused('tooBig');
          file.terminate();
          return;
        }
        parts.push(data);
      };
      file.start();
    } catch (error) {
      failure = error;
    }
  };
  try {
    // Small pieces: what one piece inflates to is bounded, and a bomb stops at the limit.
    const STEP = 16 * KB;
    for (let at = 0; at < bytes.byteLength && !failure; at += STEP) unzip.push(bytes.subarray(at, Math.min(at + STEP, bytes.byteLength)), at + STEP >= bytes.byteLength);
  } catch {
    failure ??= new BundleRefused('notZip');
  }
  if (failure) throw failure instanceof BundleRefused ? failure : new BundleRefused('notZip');
  const files: Files = new Map();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, parts] of chunks) {
    const size = parts.reduce((n, p) => n + p.byteLength, 0);
    const buf = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      buf.set(p, at);
      at += p.byteLength;
    }
    try {
      files.set(name, decoder.decode(buf));
    } catch {
      throw new BundleRefused('notText', name);
    }
  }
  if (!files.size) throw new BundleRefused('empty');
  return files;
}

export interface BundleFile {
  path: string;
  status: 'new' | 'changed' | 'unchanged';
  diff: DiffPart[] | null;
}

export interface BundlePreview {
  files: BundleFile[];
  issues: ContentIssue[];
}

/**
 * The content folder to validate and import: the zip's files, completed with the library the
 * database has in force for what the zip does not bring (its YAML files; its cards, unless the zip
 * has cards: then they are the whole library), so a module's references to cards and glossary terms
 * are checked. Other courses are left out: a problem of theirs is not the zip's, and would block it.
 * (So a library zip that drops a card another course cites is not caught here.)
 */
export async function materialise(files: Files): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aula-bundle-'));
  const all: Files = new Map();
  const zipHasCards = [...files.keys()].some((f) => f.startsWith('library/cards/'));
  for (const [name, text] of await libraryFiles()) {
    if (name.startsWith('library/cards/') && zipHasCards) continue;
    all.set(name, text);
  }
  for (const [name, text] of files) all.set(name, text);
  for (const [name, text] of all) {
    const target = path.join(root, ...name.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
  }
  return root;
}

/** Issues name files by their path in the zip, not the temporary folder's. */
export function relative(root: string, issues: ContentIssue[]): ContentIssue[] {
  const abs = path.resolve(root);
  return issues.map((i) => {
    const full = path.resolve(i.file);
    return full.startsWith(abs + path.sep) ? { ...i, file: path.relative(abs, full).split(path.sep).join('/') } : i;
  });
}

/** What the database has in force for each path of the content format. */
async function currentSources(): Promise<Files> {
  const out: Files = await libraryFiles();
  const db = await getDb();
  for (const c of await db.select({ slug: schema.courses.slug }).from(schema.courses)) for (const [name, text] of (await courseFiles(c.slug)) ?? []) out.set(name, text);
  return out;
}

/** The dry run: every file of the zip, new, changed (with its line diff) or unchanged, and the validation's issues. */
export async function previewBundle(bytes: Uint8Array): Promise<BundlePreview> {
  const files = readBundle(bytes);
  const root = await materialise(files);
  try {
    const content = loadContent(root);
    const issues = relative(root, content.issues);
    for (const c of content.courses) {
      const dir = path
        .relative(path.resolve(root), path.resolve(path.dirname(c.file)))
        .split(path.sep)
        .join('/');
      if (dir !== `courses/${c.definition.slug}`) issues.push({ file: `${dir}/course.yaml`, message: `campo «slug»: «${c.definition.slug}» deve essere il nome della cartella del corso` });
    }
    const current = await currentSources();
    const out: BundleFile[] = [...files.keys()].sort().map((name) => {
      const before = current.get(name);
      const after = files.get(name)!;
      if (before === undefined) return { path: name, status: 'new', diff: null };
      if (before === after) return { path: name, status: 'unchanged', diff: null };
      return { path: name, status: 'changed', diff: diffLines(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })) };
    });
    return { files: out, issues };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
