/**
 * What an attempt shows, derived from its secret seed: the opaque ids the browser sees for options,
 * matching answers and ordering items, and the shuffled order. The server rebuilds the same view
 * when the answers come back, so nothing about the key reaches the browser.
 */
import type { Question } from '~/content/quiz-formats';
import { hashHex, seededRandom, shuffle } from './random';
import type { QuestionOf } from './types';

/** Seed for one purpose of one question. Question ids cannot contain ':', so parts never run together. */
export const subSeed = (seed: string, questionId: string, purpose: string) => `${seed}:${questionId}:${purpose}`;

/**
 * The opaque id shown to the browser for the right-hand side of a matching pair: "r" + 8 hex
 * characters. It depends on the question id too, because pair ids ("p1", "p2"…) repeat across
 * questions: with the same ids in two questions of one attempt, comparing their right lists
 * would reveal which right belongs to which left.
 */
export function rightId(seed: string, pairId: string, questionId: string): string {
  return `r${hashHex(subSeed(seed, questionId, `right:${pairId}`))}`;
}

/** Rotate by one: [a, b, c] → [b, c, a]. */
export const rotate = <T>(list: T[]): T[] => (list.length < 2 ? list : [...list.slice(1), list[0] as T]);

/**
 * The matching question as displayed: lefts (shuffled only with `shuffleLefts`) and rights (always
 * shuffled, and never lined up pair by pair with the lefts).
 */
export function matchingView(q: QuestionOf<'matching'>, seed: string, shuffleLefts: boolean) {
  const lefts = q.pairs.map((p) => ({ id: p.id, text: p.left }));
  const shownLefts = shuffleLefts ? shuffle(lefts, seededRandom(subSeed(seed, q.id, 'lefts'))) : lefts;
  let rights = shuffle(
    q.pairs.map((p) => ({ pairId: p.id, id: rightId(seed, p.id, q.id), text: p.right })),
    seededRandom(subSeed(seed, q.id, 'rights')),
  );
  if (rights.every((r, i) => r.pairId === shownLefts[i]?.id)) rights = rotate(rights);
  return { lefts: shownLefts, rights: rights.map(({ id, text }) => ({ id, text })) };
}

/**
 * The ordering question as displayed: items always shuffled and never in the correct order.
 * Authors number items in the correct order (s1, s2…), so the browser gets positional ids
 * instead ("i1" is the first item shown): they say nothing about the solution.
 */
export function orderingView(q: QuestionOf<'ordering'>, seed: string) {
  let shown = shuffle(q.items, seededRandom(subSeed(seed, q.id, 'items')));
  if (shown.every((item, i) => item.id === q.items[i]?.id)) shown = rotate(shown);
  return shown.map((item, i) => ({ publicId: `i${i + 1}`, itemId: item.id, text: item.text }));
}

/* ------------------------------------------------------------------ drawing and public projection */

/**
 * Pick `draw` questions from the pool (all of them when `draw` is missing or not smaller than the
 * pool), deterministically for the seed. With `shuffle` they come in random order; without it the
 * drawn subset keeps the pool order.

/**
 * The opaque id shown for an option of a single or multiple choice question: "o" + 8 hex characters
 * from the attempt's seed. Authors' ids ("a", "b"…) would give the key away (authors tend to put
 * the right answer first).
 */
export function optionId(seed: string, questionId: string, authorId: string): string {
  return `o${hashHex(subSeed(seed, questionId, `option:${authorId}`))}`;
}

/** Author id → public id and back, for the options of one question of one attempt. */
export function optionIds(q: Extract<Question, { type: 'single' | 'multiple' }>, seed: string) {
  const toPublic = new Map(q.options.map((o) => [o.id, optionId(seed, q.id, o.id)]));
  const toAuthor = new Map([...toPublic].map(([a, p]) => [p, a]));
  return { toPublic, toAuthor };
}
