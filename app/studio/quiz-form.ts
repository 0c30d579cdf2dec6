/** The quiz forms' shapes, shared by the server (quiz-edit.server.ts) and the page. */
export const QUESTION_TYPES = ['single', 'multiple', 'true-false', 'short-text', 'numeric', 'matching', 'ordering'] as const;
export type EditableType = (typeof QUESTION_TYPES)[number];
export const isQuestionType = (t: unknown): t is EditableType => typeof t === 'string' && (QUESTION_TYPES as readonly string[]).includes(t);

/** One row of a question: an option (single, multiple), a pair (matching: text → right) or an item (ordering). */
export interface QuestionRow {
  id: string;
  text: string;
  right: string;
  correct: boolean;
}

/** What a question's form shows: every value as the lecturer typed it. */
export interface QuestionFormValues {
  type: EditableType;
  id: string;
  prompt: string;
  explanation: string;
  points: string;
  source: string;
  rows: QuestionRow[];
  /** true-false: "true" | "false"; numeric: the number */
  answer: string;
  tolerance: string;
  unit: string;
  /** short-text: one accepted answer per line */
  accepted: string;
  pattern: string;
}

/** Blank rows after the last one, to add options, pairs or items without JavaScript. */
export const BLANK_ROWS = 2;
/** The most rows a form may send (options, pairs or items of one question). */
export const MAX_ROWS = 30;

export function blankQuestion(type: EditableType, id: string): QuestionFormValues {
  return { type, id, prompt: '', explanation: '', points: '', source: '', rows: [], answer: '', tolerance: '', unit: '', accepted: '', pattern: '' };
}
