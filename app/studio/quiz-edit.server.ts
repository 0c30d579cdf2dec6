/**
 * Editing a module's quiz by form, one question at a time, beside its YAML source. A question's
 * form becomes a question object, checked with the quiz format's own zod schema; the quiz YAML is
 * then changed through the `yaml` library's Document API, so comments, quoting and every question
 * not touched stay byte for byte as the lecturer wrote them. The new text is checked as a whole
 * (the same parse as the import) and saved through saveDraft, with the same optimistic lock as
 * the source editor: nothing is saved when anything fails.
 */
import YAML, { isMap, isNode, isScalar, isSeq, type Document } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlText, type ContentIssue } from '~/content/loader.server';
import { questionSchema, quizSchema, type Question, type QuizDefinition } from '~/content/quiz-formats';
import { parseItalianNumber } from '~/quiz/form';
import { getEditorState, saveDraft, type SaveOutcome } from './drafts.server';
import { QUIZ_FILE, type StudioIssue } from './validate.server';

import { BLANK_ROWS, blankQuestion, isQuestionType, MAX_ROWS, QUESTION_TYPES, type EditableType, type QuestionFormValues, type QuestionRow } from './quiz-form';

export { BLANK_ROWS, blankQuestion, isQuestionType, QUESTION_TYPES };
export type { EditableType, QuestionFormValues, QuestionRow };

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A question of the YAML (perhaps invalid) as form values; null when its type is unknown. */
export function questionToForm(raw: unknown): QuestionFormValues | null {
  const q = record(raw);
  if (!isQuestionType(q.type)) return null;
  const rowsOf = (key: string): QuestionRow[] =>
    list(q[key]).map((r) => {
      const x = record(r);
      return { id: str(x.id), text: str(key === 'pairs' ? x.left : x.text), right: str(x.right), correct: x.correct === true };
    });
  return {
    type: q.type,
    id: str(q.id),
    prompt: str(q.prompt),
    explanation: str(q.explanation),
    points: str(q.points),
    source: str(q.source),
    rows: q.type === 'single' || q.type === 'multiple' ? rowsOf('options') : q.type === 'matching' ? rowsOf('pairs') : q.type === 'ordering' ? rowsOf('items') : [],
    answer: q.type === 'true-false' ? (q.answer === true ? 'true' : q.answer === false ? 'false' : '') : str(q.answer),
    tolerance: str(q.tolerance),
    unit: str(q.unit),
    accepted: list(q.accepted).map(str).join('\n'),
    pattern: str(q.pattern),
  };
}

/** A question's form as sent by the browser. */
export function readQuestionForm(form: FormData, type: EditableType): QuestionFormValues {
  const get = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  const rows: QuestionRow[] = [];
  const correctSingle = get('correct');
  for (let i = 0; i < MAX_ROWS; i++) {
    if (!form.has(`row.${i}.text`)) break;
    rows.push({ id: get(`row.${i}.id`).trim(), text: get(`row.${i}.text`), right: get(`row.${i}.right`), correct: type === 'single' ? correctSingle === String(i) : form.has(`row.${i}.correct`) });
  }
  return {
    type,
    id: get('id').trim(),
    prompt: get('prompt'),
    explanation: get('explanation'),
    points: get('points').trim(),
    source: get('source'),
    rows,
    answer: get('answer').trim(),
    tolerance: get('tolerance').trim(),
    unit: get('unit'),
    accepted: get('accepted'),
    pattern: get('pattern'),
  };
}

/** A fresh row id for a question's rows: a, b, c… for options; p1, p2… for pairs; s1, s2… for items. */
function freshId(type: EditableType, used: Set<string>): string {
  if (type === 'single' || type === 'multiple') {
    for (const c of 'abcdefghijklmnopqrstuvwxyz') if (!used.has(c)) return c;
  }
  const prefix = type === 'matching' ? 'p' : type === 'ordering' ? 's' : 'o';
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export type FieldErrors = Record<string, string>;

const NUMBER = 'deve essere un numero (per esempio 2 o 2,5)';

/**
 * The question a form describes, in the key order of the content format, or the errors next to
 * each field (the format's own Italian messages). Rows left empty are dropped (that is how a row
 * is removed); new rows get a fresh id.
 */
export function formToQuestion(v: QuestionFormValues): { ok: true; question: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const num = (field: string, s: string): number | undefined => {
    if (!s.trim()) return undefined;
    const n = parseItalianNumber(s);
    if (n === undefined) errors[field] = NUMBER;
    return n;
  };
  const kept = v.rows.filter((r) => r.text.trim() || r.right.trim());
  const used = new Set(kept.map((r) => r.id).filter(Boolean));
  const rows = kept.map((r) => {
    if (r.id) return r;
    const id = freshId(v.type, used);
    used.add(id);
    return { ...r, id };
  });
  const q: Record<string, unknown> = { id: v.id, type: v.type, prompt: v.prompt.trim() };
  switch (v.type) {
    case 'single':
    case 'multiple':
      q.options = rows.map((r) => (r.correct ? { id: r.id, text: r.text.trim(), correct: true } : { id: r.id, text: r.text.trim() }));
      break;
    case 'true-false':
      if (v.answer === 'true' || v.answer === 'false') q.answer = v.answer === 'true';
      else errors.answer = 'scegli la risposta corretta: vero o falso';
      break;
    case 'short-text': {
      q.accepted = v.accepted
        .split(/\r?\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (v.pattern.trim()) q.pattern = v.pattern.trim();
      break;
    }
    case 'numeric': {
      const answer = num('answer', v.answer);
      if (answer === undefined && !errors.answer) errors.answer = 'scrivi la risposta corretta';
      q.answer = answer;
      const tolerance = num('tolerance', v.tolerance);
      if (tolerance !== undefined) q.tolerance = tolerance;
      if (v.unit.trim()) q.unit = v.unit.trim();
      break;
    }
    case 'matching':
      q.pairs = rows.map((r) => ({ id: r.id, left: r.text.trim(), right: r.right.trim() }));
      break;
    case 'ordering':
      q.items = rows.map((r) => ({ id: r.id, text: r.text.trim() }));
      break;
  }
  q.explanation = v.explanation.trim();
  if (v.source.trim()) q.source = v.source.trim();
  const points = num('points', v.points);
  if (points !== undefined) q.points = points;
  const parsed = questionSchema.safeParse(q);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, index, sub] = issue.path;
      const field = head === 'options' || head === 'pairs' || head === 'items' ? 'rows' : String(head ?? 'form');
      const where = field === 'rows' && typeof index === 'number' ? `riga ${index + 1}${sub === 'right' ? ' (destra)' : ''}: ` : '';
      errors[field] ??= `${where}${issue.message}`;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, question: q };
}

/* ------------------------------------------------------------------ the YAML document */

const NEW_QUIZ = { title: 'Verifica del modulo', passPercent: 70, attempts: 3, questions: [] };

/** The quiz text as a YAML document, or null when it does not parse as a mapping. */
export function quizDocument(text: string): Document | null {
  const doc = text.trim() ? YAML.parseDocument(text) : new YAML.Document(NEW_QUIZ);
  if (doc.errors.length || !isMap(doc.contents)) return null;
  return doc;
}

/**
 * `value` written over `node`, keeping every part of the node whose value does not change (and so
 * its comments, quoting and flow or block style). Returns the node to put in its place.
 */
function merge(doc: Document, node: unknown, value: unknown): unknown {
  if (isNode(node) && isDeepStrictEqual(node.toJSON(), value)) return node;
  if (isMap(node) && value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const keyOf = (k: unknown) => (isScalar(k) ? k.value : k);
    for (const [k, v] of entries) {
      const pair = node.items.find((p) => keyOf(p.key) === k);
      if (pair) pair.value = merge(doc, pair.value, v);
      else node.items.push(doc.createPair(k, v));
    }
    node.items = node.items.filter((p) => entries.some(([k]) => keyOf(p.key) === k));
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    node.items = value.map((v, i) => (i < node.items.length ? merge(doc, node.items[i], v) : doc.createNode(v)));
    return node;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    node.value = value;
    return node;
  }
  return doc.createNode(value);
}

export type QuizChange = { op: 'update'; index: number; question: Record<string, unknown> } | { op: 'add'; question: Record<string, unknown> } | { op: 'remove' | 'up' | 'down'; index: number };

/** The quiz text with one change applied; null when the text or the index does not allow it. */
export function applyQuizChange(text: string, change: QuizChange): string | null {
  const doc = quizDocument(text);
  if (!doc) return null;
  let questions = doc.get('questions', true);
  if (questions === undefined || questions === null || (isScalar(questions) && questions.value === null)) {
    if (change.op !== 'add') return null;
    doc.set('questions', doc.createNode([]));
    questions = doc.get('questions', true);
  }
  if (!isSeq(questions)) return null;
  const items = questions.items;
  const inRange = (i: number) => Number.isInteger(i) && i >= 0 && i < items.length;
  switch (change.op) {
    case 'add':
      items.push(doc.createNode(change.question));
      break;
    case 'update':
      if (!inRange(change.index)) return null;
      items[change.index] = merge(doc, items[change.index], change.question) as (typeof items)[number];
      break;
    case 'remove':
      if (!inRange(change.index)) return null;
      items.splice(change.index, 1);
      break;
    case 'up':
    case 'down': {
      const to = change.op === 'up' ? change.index - 1 : change.index + 1;
      if (!inRange(change.index) || !inRange(to)) return null;
      [items[change.index], items[to]] = [items[to]!, items[change.index]!];
      break;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/* ------------------------------------------------------------------ loading and saving */

/** The text the quiz forms edit: the saved draft's, or the published version's. */
async function savedTexts(documentId: string) {
  const state = await getEditorState(documentId);
  // Only modules have a quiz: a card or a YAML file of the library is not found here.
  if (!state || state.document.kind !== 'module') return null;
  return {
    state,
    revision: state.draft?.revision ?? 0,
    source: state.draft?.source ?? state.published?.source ?? '',
    quizSource: state.draft?.quizSource ?? state.published?.quizSource ?? '',
  };
}

/** What the quiz forms page shows; null when the document is not a module. */
export async function loadQuizEditor(documentId: string) {
  const saved = await savedTexts(documentId);
  if (!saved) return null;
  const doc = quizDocument(saved.quizSource);
  const raw = doc ? record(doc.toJS({ maxAliasCount: 50 })) : null;
  const questions = raw ? list(raw.questions).map((q, index) => ({ index, values: questionToForm(q) })) : null;
  const issues: ContentIssue[] = [];
  if (saved.quizSource.trim()) parseYamlText(QUIZ_FILE, saved.quizSource, quizSchema, issues);
  const usedIds = new Set((questions ?? []).map((q) => q.values?.id ?? ''));
  let n = (questions?.length ?? 0) + 1;
  while (usedIds.has(`q${n}`)) n++;
  return {
    document: saved.state.document,
    revision: saved.revision,
    inReview: saved.state.draft?.state === 'in_review',
    hasDraft: Boolean(saved.state.draft),
    questions,
    nextId: `q${n}`,
    issues: issues.map((i): StudioIssue => ({ file: i.file, line: i.line ?? null, column: i.column ?? null, message: i.message })),
  };
}

/** The quiz of the saved draft (or of the published version) for the preview with its key. */
export async function loadQuizPreview(documentId: string): Promise<{ document: { id: string; title: string }; quiz: QuizDefinition | null; issues: StudioIssue[]; fromDraft: boolean } | null> {
  const saved = await savedTexts(documentId);
  if (!saved) return null;
  const issues: ContentIssue[] = [];
  const quiz = saved.quizSource.trim() ? (parseYamlText(QUIZ_FILE, saved.quizSource, quizSchema, issues)?.value ?? null) : null;
  return {
    document: { id: saved.state.document.id, title: saved.state.document.title },
    quiz,
    issues: issues.map((i) => ({ file: i.file, line: i.line ?? null, column: i.column ?? null, message: i.message })),
    fromDraft: Boolean(saved.state.draft),
  };
}

export type QuizEditOutcome =
  | { ok: true; revision: number }
  | { ok: false; reason: 'fields'; errors: FieldErrors }
  | { ok: false; reason: 'invalid'; issues: StudioIssue[] }
  | { ok: false; reason: 'stale' }
  | Exclude<SaveOutcome, { ok: true }>;

/**
 * Applies one change to the quiz of the saved draft (or of the published version, which starts a
 * draft) and saves it. `revision` is the draft revision the page showed: a different one is a
 * conflict, exactly as for the source editor.
 */
export async function editQuiz({
  documentId,
  actorId,
  revision,
  change,
}: {
  documentId: string;
  actorId: string;
  revision: number;
  change: { op: 'update'; index: number; form: QuestionFormValues } | { op: 'add'; form: QuestionFormValues } | { op: 'remove' | 'up' | 'down'; index: number };
}): Promise<QuizEditOutcome> {
  const saved = await savedTexts(documentId);
  if (!saved) return { ok: false, reason: 'notFound' };
  if (saved.state.draft?.state === 'in_review') return { ok: false, reason: 'inReview' };
  if (saved.revision !== revision) {
    const d = saved.state.draft;
    return { ok: false, reason: 'conflict', theirs: { source: d?.source ?? '', quizSource: d?.quizSource ?? '', revision: saved.revision, updatedBy: d?.updatedBy ?? null } };
  }
  let next: QuizChange;
  if (change.op === 'update' || change.op === 'add') {
    const built = formToQuestion(change.form);
    if (!built.ok) return { ok: false, reason: 'fields', errors: built.errors };
    next = change.op === 'add' ? { op: 'add', question: built.question } : { op: 'update', index: change.index, question: built.question };
  } else next = change;
  const text = applyQuizChange(saved.quizSource, next);
  if (text === null) return { ok: false, reason: 'stale' };
  const issues: ContentIssue[] = [];
  parseYamlText(QUIZ_FILE, text, quizSchema, issues);
  if (issues.length) return { ok: false, reason: 'invalid', issues: issues.map((i) => ({ file: i.file, line: i.line ?? null, column: i.column ?? null, message: i.message })) };
  const r = await saveDraft({ documentId, actorId, source: saved.source, quizSource: text, revision });
  return r.ok ? { ok: true, revision: r.revision } : r;
}

export type { Question };
