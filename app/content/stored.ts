/**
 * The shapes of what the database stores as JSON, for `$type<>()` in db/schema (type-only imports):
 * the content contract (formats.ts, quiz-formats.ts) and the few shapes derived from it.
 */
import type { QuizDefinition } from './quiz-formats';

export type { CourseDefinition, ModuleFrontmatter, CardFrontmatter, Office } from './formats';
export type { Question, QuizDefinition } from './quiz-formats';

/** What a version keeps of its MDX analysis. */
export interface ModuleMeta {
  toc: Array<{ depth: 2 | 3; text: string; id: string }>;
  cardRefs: string[];
  termRefs: string[];
  wordCount: number;
}

/** The rules of a quiz in force for one attempt. */
export interface AttemptRules {
  title: string;
  passPercent: number;
  attempts: number;
  feedback: QuizDefinition['feedback'];
  shuffle: boolean;
  timeLimitMinutes: number | null;
  questionCount: number;
}

/**
 * A learner's answer to one question, as stored.
 *  - matching: `pairs` maps a left id (the pair id) to the opaque right id the learner chose;
 *    lefts left blank are absent.
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

export type QuestionGrade = { score: number; max: number; correct: boolean };

/** What a version of a YAML file of the content (course.yaml, glossary.yaml, …) keeps as "frontmatter": a name to list it by. */
export interface FileFrontmatter {
  title: string;
}
