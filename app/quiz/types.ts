/** The quiz engine's types: answers as stored, form values as received, grades. */
import type { Question, QuestionType } from '~/content/quiz-formats';
import type { Answer, QuestionGrade } from '~/content/stored';

/* ------------------------------------------------------------------ types */

export type { Answer, QuestionGrade } from '~/content/stored';

export type AnswerOf<T extends QuestionType> = Extract<Answer, { type: T }>;
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

/** HTML form values as received (repeated fields as arrays). */
export type FormValues = Record<string, string | string[]>;
/** Why a form value cannot be an answer (the route shows `quiz.parse.<code>`). */
export type ParseErrorCode =
  'oneAnswer' | 'unknownOption' | 'trueFalse' | 'tooLong' | 'notANumber' | 'oneChoicePerItem' | 'unknownPair' | 'onePositionPerItem' | 'badPosition' | 'positionRange' | 'positionTwice';
export type ParsedAnswer = { ok: true; answer: Answer | null } | { ok: false; error: ParseErrorCode; values?: Record<string, string | number> };
export type AttemptGrade = { score: number; max: number; percent: number; perQuestion: Record<string, QuestionGrade> };
