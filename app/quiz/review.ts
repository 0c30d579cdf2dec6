import { describeCorrectAnswer, gradeQuestion, rightId, type Answer } from './engine';
import type { Question } from '~/content/quiz-formats';

const numberFormat = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 10 });

/** The learner's own answer in words (Italian), for the review of a submitted attempt. */
export function describeGivenAnswer(q: Question, answer: Answer | null | undefined, seed: string): string {
  if (!answer || answer.type !== q.type) return 'Nessuna risposta';
  switch (q.type) {
    case 'single':
      return q.options.find((o) => answer.type === 'single' && o.id === answer.optionId)?.text ?? 'Nessuna risposta';
    case 'multiple': {
      const ids = answer.type === 'multiple' ? answer.optionIds : [];
      const texts = q.options.filter((o) => ids.includes(o.id)).map((o) => o.text);
      return texts.length ? texts.join('; ') : 'Nessuna risposta';
    }
    case 'true-false':
      return answer.type === 'true-false' ? (answer.value ? 'Vero' : 'Falso') : '';
    case 'short-text':
      return answer.type === 'short-text' ? answer.text : '';
    case 'numeric':
      return answer.type === 'numeric' ? `${numberFormat.format(answer.value)}${q.unit ? ` ${q.unit}` : ''}` : '';
    case 'matching': {
      if (answer.type !== 'matching') return '';
      const rightText = (rid: string) => q.pairs.find((p) => rightId(seed, p.id, q.id) === rid)?.right ?? '—';
      return q.pairs.map((p) => `${p.left} → ${answer.pairs[p.id] ? rightText(answer.pairs[p.id]!) : '—'}`).join('; ');
    }
    case 'ordering': {
      if (answer.type !== 'ordering') return '';
      return answer.order.map((id, i) => `${i + 1}. ${q.items.find((it) => it.id === id)?.text ?? '—'}`).join(' ');
    }
  }
}

/** What the learner sees of a graded question: their answer, the points, the right answer and why. */
export function correctionOf(q: Question, answer: Answer | null, seed: string, grade = gradeQuestion(q, answer, seed)) {
  return {
    id: q.id,
    prompt: q.prompt,
    given: describeGivenAnswer(q, answer, seed),
    score: grade.score,
    max: grade.max,
    correct: grade.correct,
    correctAnswer: describeCorrectAnswer(q),
    explanation: q.explanation,
    source: q.source ?? null,
  };
}
export type Correction = ReturnType<typeof correctionOf>;
