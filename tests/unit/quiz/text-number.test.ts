/** Short-text and numeric questions. */
import { describe, expect, it } from 'vitest';
import { gradeQuestion, normaliseText, parseAnswer, toPublicQuestion } from '~/quiz/engine';
import { type Question } from '~/content/quiz-formats';
import { q, SEED } from './support';

describe('short-text answers', () => {
  const sui = q({ type: 'short-text', accepted: ['Sportello unico per l’immigrazione', 'Sportello Unico', 'SUI'], pattern: '^sportello unico' });
  const why = q({ type: 'short-text', accepted: ['perché'] });
  const grade = (question: Question, text: string) => gradeQuestion(question, { type: 'short-text', text }, SEED).correct;

  it('ignores case, accents, extra spaces and trailing punctuation', () => {
    expect(grade(sui, 'sportello unico')).toBe(true);
    expect(grade(sui, '  SPORTELLO   unico. ')).toBe(true);
    expect(grade(sui, 'sui!')).toBe(true);
    expect(grade(why, 'perche')).toBe(true);
    expect(grade(why, 'PERCHÉ?')).toBe(true);
    expect(grade(why, 'perchè')).toBe(true);
    expect(normaliseText('  Città\tdi   Lucca… ')).toBe('citta di lucca');
  });

  it('treats typographic and plain apostrophes alike', () => {
    expect(grade(sui, "Sportello unico per l'immigrazione")).toBe(true);
  });

  it('accepts what the pattern matches on the normalised answer', () => {
    expect(grade(sui, 'Sportello unico della Prefettura di Lucca')).toBe(true);
    expect(grade(sui, 'lo sportello unico')).toBe(false); // the pattern is anchored
    expect(grade(sui, 'Questura')).toBe(false);
  });

  it('applies the pattern case- and accent-insensitively', () => {
    const city = q({ type: 'short-text', accepted: ['Lucca'], pattern: 'CITTÀ di' });
    expect(grade(city, 'la citta di Lucca')).toBe(true);
  });

  it('does not accept a blank answer even when the pattern would match it', () => {
    const loose = q({ type: 'short-text', accepted: ['x'], pattern: '.*' });
    expect(grade(loose, '   ')).toBe(false);
    expect(gradeQuestion(loose, null, SEED).score).toBe(0);
  });
});

describe('numeric answers', () => {
  const fee = q({ type: 'numeric', answer: 80.46, unit: 'euro' });
  const days = q({ type: 'numeric', answer: 60, tolerance: 2, unit: 'giorni' });
  const grade = (question: Question, value: number) => gradeQuestion(question, { type: 'numeric', value }, SEED).correct;

  it('requires the exact value when the tolerance is 0', () => {
    expect(grade(fee, 80.46)).toBe(true);
    expect(grade(fee, 80.47)).toBe(false);
    expect(grade(fee, 80.4)).toBe(false);
  });

  it('accepts values within the tolerance, bounds included', () => {
    expect(grade(days, 58)).toBe(true);
    expect(grade(days, 62)).toBe(true);
    expect(grade(days, 62.01)).toBe(false);
    expect(grade(days, 57.99)).toBe(false);
  });

  it('is not fooled by floating point at the bound', () => {
    const third = q({ type: 'numeric', answer: 0.3, tolerance: 0.1 });
    expect(0.4 - 0.3).toBeGreaterThan(0.1); // the binary trap
    expect(grade(third, 0.4)).toBe(true);
    expect(grade(third, 0.2)).toBe(true);
    expect(grade(third, 0.41)).toBe(false);
  });
});

describe('parsing text and number answers', () => {
  const numeric = q({ type: 'numeric', id: 'q5', answer: 2.5, unit: 'giorni' });

  it('reads a short-text answer trimmed', () => {
    expect(parseAnswer(q({ type: 'short-text', accepted: ['SUI'] }), { q_q1: '  SUI ' }, SEED)).toEqual({ ok: true, answer: { type: 'short-text', text: 'SUI' } });
  });

  it('accepts Italian number formats', () => {
    const value = (text: string) => {
      const parsed = parseAnswer(numeric, { q_q5: text }, SEED);
      return parsed.ok && parsed.answer?.type === 'numeric' ? parsed.answer.value : parsed;
    };
    expect(value('2,5')).toBe(2.5);
    expect(value('2.5')).toBe(2.5);
    expect(value(' -3 ')).toBe(-3);
    expect(value('1.234,5')).toBe(1234.5);
    expect(value('1.000.000')).toBe(1_000_000);
    expect(value('60 giorni')).toBe(60);
    expect(value('80,46 €')).toBe(80.46);
    expect(value(',5')).toBe(0.5);
  });

  it('rejects a number that is not a number', () => {
    expect(parseAnswer(numeric, { q_q5: 'tanti' }, SEED)).toEqual({ ok: false, error: 'notANumber', values: { value: '«tanti»' } });
    for (const text of ['1,2,3', '2,5.1', '1e3', '12.34.5', '--1']) expect(parseAnswer(numeric, { q_q5: text }, SEED).ok).toBe(false);
  });

  it('treats a blank number as unanswered', () => {
    expect(parseAnswer(numeric, { q_q5: '' }, SEED)).toEqual({ ok: true, answer: null });
  });
});

describe('public numeric questions', () => {
  it('keeps the unit of a numeric question', () => {
    expect(toPublicQuestion(q({ type: 'numeric', answer: 60, unit: 'giorni' }), { seed: SEED, shuffle: true })).toEqual({
      id: 'q1',
      type: 'numeric',
      prompt: 'Domanda?',
      points: 1,
      unit: 'giorni',
    });
  });
});
