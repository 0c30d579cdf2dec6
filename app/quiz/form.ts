/**
 * Answers as an HTML form carries them, and back. Field names:
 *  - single, true-false ("true"/"false"), short-text, numeric: `q_<qid>`;
 *  - multiple: `q_<qid>` repeated;
 *  - matching: `q_<qid>.<leftId>` = the opaque right id;
 *  - ordering: `q_<qid>.<itemId>` = the position "1".."n", where itemId is the id in the public
 *    question ("i1", "i2"…, see toPublicQuestion).
 * Option values are the attempt's opaque ids (views.ts), never the authors' ids.
 * Ids never contain a dot (final-exam ids have exactly one, `<module>.<qid>`), so sub-fields cannot
 * collide with another question's field: `q_a.b_c` and `q_a_b.c` are different questions.
 * Blank or missing → `answer: null` (unanswered). Anything that the form could not have produced
 * (unknown fields or ids, positions out of range or repeated, a number that is not a number…) → an
 * error code.
 */
import type { Question } from '~/content/quiz-formats';
import type { Answer, FormValues, ParseErrorCode, ParsedAnswer, QuestionOf } from './types';
import { optionIds, orderingView, rightId } from './views';

/** Longest short-text answer accepted from a form. */
export const MAX_TEXT_ANSWER = 500;

const MANY = Symbol('many values');

/** Trimmed, non-empty values of a form field. */
function readAll(raw: FormValues, key: string): string[] {
  if (!Object.hasOwn(raw, key)) return [];
  const value = raw[key];
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The single value of a field: undefined when blank, MANY when it was sent more than once. */
function readOne(raw: FormValues, key: string): string | undefined | typeof MANY {
  const values = readAll(raw, key);
  return values.length > 1 ? MANY : values[0];
}

/** A user-typed value, shortened for an error message. */
const quote = (v: string) => `«${v.length > 20 ? `${v.slice(0, 20)}…` : v}»`;

/**
 * Parse a number as typed by an Italian user: "2,5", "2.5", "-3", "1.234,5", "1.000.000", "80,46 €".
 * A lone dot is a decimal point (that is what `<input type="number">` sends); dots are thousands
 * separators only next to a decimal comma or when there are several of them.
 */
export function parseItalianNumber(input: string, unit?: string): number | undefined {
  let s = input.trim().replace(/\u2212/g, '-');
  if (unit && s.toLowerCase().endsWith(unit.toLowerCase())) s = s.slice(0, -unit.length);
  s = s
    .replace(/[€%]$/u, '')
    .replace(/[\s\u00a0\u202f]/gu, '')
    .replace(/^\+/, '');
  if (s.includes(',')) {
    if (s.includes('.') && !/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) return undefined;
    s = s.replace(/\./g, '').replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    if (!/^-?\d{1,3}(\.\d{3})+$/.test(s)) return undefined;
    s = s.replace(/\./g, '');
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

/** Every field name a question's form can carry: anything else in a submission is forged. */
export function formKeys(q: Question, seed: string): string[] {
  const key = `q_${q.id}`;
  if (q.type === 'matching') return q.pairs.map((p) => `${key}.${p.id}`);
  if (q.type === 'ordering') return orderingView(q, seed).map((it) => `${key}.${it.publicId}`);
  return [key];
}

/** Convert the form values for question `q` into an Answer (author ids), or say why it cannot be one. */
export function parseAnswer(q: Question, raw: FormValues, seed: string): ParsedAnswer {
  const key = `q_${q.id}`;
  const invalid = (error: ParseErrorCode, values?: Record<string, string | number>): ParsedAnswer => ({ ok: false, error, values });
  const ok = (answer: Answer | null): ParsedAnswer => ({ ok: true, answer });

  switch (q.type) {
    case 'single': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('oneAnswer');
      if (v === undefined) return ok(null);
      const id = optionIds(q, seed).toAuthor.get(v);
      if (!id) return invalid('unknownOption');
      return ok({ type: 'single', optionId: id });
    }
    case 'multiple': {
      const values = [...new Set(readAll(raw, key))];
      if (values.length === 0) return ok(null);
      const { toAuthor } = optionIds(q, seed);
      const ids = values.map((v) => toAuthor.get(v));
      if (ids.some((id) => id === undefined)) return invalid('unknownOption');
      return ok({ type: 'multiple', optionIds: ids as string[] });
    }
    case 'true-false': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('oneAnswer');
      if (v === undefined) return ok(null);
      if (v !== 'true' && v !== 'false') return invalid('trueFalse');
      return ok({ type: 'true-false', value: v === 'true' });
    }
    case 'short-text': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('oneAnswer');
      if (v === undefined) return ok(null);
      if (v.length > MAX_TEXT_ANSWER) return invalid('tooLong', { max: MAX_TEXT_ANSWER });
      return ok({ type: 'short-text', text: v });
    }
    case 'numeric': {
      const v = readOne(raw, key);
      if (v === MANY) return invalid('oneAnswer');
      if (v === undefined) return ok(null);
      const value = v.length > 50 ? undefined : parseItalianNumber(v, q.unit);
      if (value === undefined) return invalid('notANumber', { value: quote(v) });
      return ok({ type: 'numeric', value });
    }
    case 'matching': {
      const valid = new Set(q.pairs.map((p) => rightId(seed, p.id, q.id)));
      const pairs: [string, string][] = [];
      for (const p of q.pairs) {
        const v = readOne(raw, `${key}.${p.id}`);
        if (v === MANY) return invalid('oneChoicePerItem');
        if (v === undefined) continue;
        if (!valid.has(v)) return invalid('unknownPair');
        pairs.push([p.id, v]);
      }
      // fromEntries defines own properties, even for an id such as "__proto__".
      return ok(pairs.length ? { type: 'matching', pairs: Object.fromEntries(pairs) } : null);
    }
    case 'ordering': {
      const n = q.items.length;
      const order = new Array<string>(n).fill('');
      let answered = false;
      for (const item of orderingView(q, seed)) {
        const v = readOne(raw, `${key}.${item.publicId}`);
        if (v === MANY) return invalid('onePositionPerItem');
        if (v === undefined) continue;
        if (!/^\d+$/.test(v)) return invalid('badPosition', { value: quote(v) });
        const pos = Number(v);
        if (pos < 1 || pos > n) return invalid('positionRange', { position: pos, n });
        if (order[pos - 1]) return invalid('positionTwice', { position: pos });
        order[pos - 1] = item.itemId;
        answered = true;
      }
      return ok(answered ? { type: 'ordering', order } : null);
    }
  }
}

/**
 * The inverse of parseAnswer: the form values that submit `answer` (to refill a form, and in tests).
 * Numbers are written with a dot, as `<input type="number">` does.
 */
export function answerToFormValues(q: Question, answer: Answer | null, seed: string): FormValues {
  if (!answer || answer.type !== q.type) return {};
  const key = `q_${q.id}`;
  switch (answer.type) {
    case 'single':
      return { [key]: optionIds(q as QuestionOf<'single'>, seed).toPublic.get(answer.optionId) ?? '' };
    case 'multiple': {
      const { toPublic } = optionIds(q as QuestionOf<'multiple'>, seed);
      return { [key]: answer.optionIds.map((id) => toPublic.get(id) ?? '') };
    }
    case 'true-false':
      return { [key]: String(answer.value) };
    case 'short-text':
      return { [key]: answer.text };
    case 'numeric':
      return { [key]: String(answer.value) };
    case 'matching':
      return Object.fromEntries(Object.entries(answer.pairs).map(([left, right]) => [`${key}.${left}`, right]));
    case 'ordering': {
      const publicIds = new Map(orderingView(q as QuestionOf<'ordering'>, seed).map((it) => [it.itemId, it.publicId]));
      const values: FormValues = {};
      answer.order.forEach((itemId, i) => {
        const publicId = publicIds.get(itemId);
        if (publicId) values[`${key}.${publicId}`] = String(i + 1);
      });
      return values;
    }
  }
}
