/** The quiz engine's types: answers as stored, form values as received, grades. */
import type { Question, QuestionType } from '~/content/quiz-formats';

/* ------------------------------------------------------------------ types */

/**
 * A learner's answer to one question.
 *  - matching: `pairs` maps a left id (the pair id) to the opaque right id the learner chose
 *    (see `rightId`); lefts left blank are absent.
 *  - ordering: `order[i]` is the (authored) id of the item put in position i + 1, or '' when no
 *    item was given that position.
 */
export type Answer =
  | { type: 'single'; optionId: string }
  | { type: 'multiple'; optionIds: string[] }
  | { type: 'true-false'; value: boolean }
  | { type: 'short-text'; text: string }
  | { type: 'numeric'; value: number }
  | { type: 'matching'; pairs: Record<string, string> }
  | { type: 'ordering'; order: string[] };

export type AnswerOf<T extends QuestionType> = Extract<Answer, { type: T }>;
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

/** HTML form values as received (repeated fields as arrays). */
export type FormValues = Record<string, string | string[]>;
/** Why a form value cannot be an answer (the route shows `quiz.parse.<code>`). */
export type ParseErrorCode =
  'oneAnswer' | 'unknownOption' | 'trueFalse' | 'tooLong' | 'notANumber' | 'oneChoicePerItem' | 'unknownPair' | 'onePositionPerItem' | 'badPosition' | 'positionRange' | 'positionTwice';
export type ParsedAnswer = { ok: true; answer: Answer | null } | { ok: false; error: ParseErrorCode; values?: Record<string, string | number> };
export type QuestionGrade = { score: number; max: number; correct: boolean };
export type AttemptGrade = { score: number; max: number; percent: number; perQuestion: Record<string, QuestionGrade> };
