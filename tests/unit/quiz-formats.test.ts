import { describe, expect, it } from 'vitest';
import { quizSchema } from '~/content/quiz-formats';
import { describeIssues } from '~/utils/zod';

/** The Italian issue lines for a quiz that must not parse. */
function issuesOf(quiz: unknown): string[] {
  const result = quizSchema.safeParse(quiz);
  if (result.success) throw new Error('expected the quiz to be rejected');
  return describeIssues(result.error);
}

const base = { id: 'q1', prompt: 'Domanda?', explanation: 'Perché sì (art. 1).' };
const trueFalse = (id: string) => ({ ...base, id, type: 'true-false', answer: true });
const quiz = (questions: unknown[], extra: Record<string, unknown> = {}) => ({ title: 'Verifica', ...extra, questions });

describe('quizSchema', () => {
  it('accepts a well-formed quiz and fills in the defaults', () => {
    const parsed = quizSchema.parse(quiz([trueFalse('q1'), { ...base, id: 'q2', type: 'numeric', answer: 60 }]));
    expect(parsed).toMatchObject({ passPercent: 70, attempts: 3, shuffle: true, feedback: 'after-submit' });
    expect(parsed.questions[1]).toMatchObject({ points: 1, tolerance: 0 });
  });

  it('rejects a single-choice question with two correct options, naming the options field', () => {
    const issues = issuesOf(
      quiz([
        {
          ...base,
          type: 'single',
          options: [
            { id: 'a', text: 'Prefettura', correct: true },
            { id: 'b', text: 'Questura', correct: true },
          ],
        },
      ]),
    );
    expect(issues).toEqual(['campo «questions[0].options»: una domanda «single» deve avere esattamente un’opzione corretta']);
  });

  it('rejects an unknown question type, listing the allowed types', () => {
    const issues = issuesOf(quiz([{ ...base, type: 'essay' }]));
    expect(issues).toEqual(['campo «questions[0].type»: tipo di domanda sconosciuto: usa single, multiple, true-false, short-text, numeric, matching o ordering']);
  });

  it('rejects a draw larger than the pool', () => {
    const issues = issuesOf(quiz([trueFalse('q1'), trueFalse('q2')], { draw: 5 }));
    expect(issues).toEqual(['campo «draw»: draw (5) è maggiore del numero di domande (2)']);
  });

  it('rejects a question without an explanation', () => {
    const { explanation: _omitted, ...withoutExplanation } = trueFalse('q1');
    const issues = issuesOf(quiz([withoutExplanation]));
    expect(issues).toEqual(['campo «questions[0].explanation»: deve essere un testo']);
  });

  it('rejects a blank explanation', () => {
    const issues = issuesOf(quiz([{ ...trueFalse('q1'), explanation: '   ' }]));
    expect(issues).toEqual(['campo «questions[0].explanation»: non può essere vuoto']);
  });

  it('rejects a short-text pattern that is not a valid regular expression', () => {
    const issues = issuesOf(quiz([{ ...base, type: 'short-text', accepted: ['SUI'], pattern: '^(sportello unico' }]));
    expect(issues).toEqual(['campo «questions[0].pattern»: non è un’espressione regolare valida']);
  });

  it('points at the right question when the faulty one is not the first', () => {
    const issues = issuesOf(
      quiz([
        trueFalse('q1'),
        {
          ...base,
          id: 'q2',
          type: 'multiple',
          options: [
            { id: 'a', text: 'A' },
            { id: 'b', text: 'B' },
          ],
        },
      ]),
    );
    expect(issues).toEqual(['campo «questions[1].options»: una domanda «multiple» deve avere almeno un’opzione corretta']);
  });

  it('rejects repeated ids with the path of the repetition', () => {
    const issues = issuesOf(quiz([trueFalse('q1'), trueFalse('q1')]));
    expect(issues).toEqual(['campo «questions[1].id»: id «q1» ripetuto']);
  });
});
