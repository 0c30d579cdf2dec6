/**
 * Quiz formats (DESIGN.md §5). For each question type:
 *  - an author schema (what quiz.yaml holds, with the answers),
 *  - a public schema (what the browser receives: no correctness data, by construction).
 */
import { z } from '~/utils/zod';

const id = z
  .string({ message: 'deve essere un testo' })
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'usa solo lettere, cifre, - e _ (al massimo 40 caratteri)');
const text = z.string({ message: 'deve essere un testo' }).trim().min(1, 'non può essere vuoto');

const base = {
  id,
  prompt: text,
  explanation: text,
  source: z.string().optional(),
  points: z.number({ message: 'deve essere un numero' }).positive('deve essere maggiore di zero').max(100).default(1),
};

const option = z.object({ id, text, correct: z.boolean().optional() }).strict();

const uniqueIds = <T extends { id: string }>(list: T[], ctx: z.RefinementCtx, field: string) => {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.id)) ctx.addIssue({ code: 'custom', path: [field, i, 'id'], message: `id «${x.id}» ripetuto` });
    seen.add(x.id);
  });
};

export const singleQuestion = z
  .object({ ...base, type: z.literal('single'), options: z.array(option).min(2, 'servono almeno 2 opzioni') })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.options, ctx, 'options');
    if (q.options.filter((o) => o.correct).length !== 1) ctx.addIssue({ code: 'custom', path: ['options'], message: 'una domanda «single» deve avere esattamente un’opzione corretta' });
  });

export const multipleQuestion = z
  .object({ ...base, type: z.literal('multiple'), options: z.array(option).min(2, 'servono almeno 2 opzioni') })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.options, ctx, 'options');
    if (!q.options.some((o) => o.correct)) ctx.addIssue({ code: 'custom', path: ['options'], message: 'una domanda «multiple» deve avere almeno un’opzione corretta' });
  });

export const trueFalseQuestion = z.object({ ...base, type: z.literal('true-false'), answer: z.boolean({ message: 'deve essere true o false' }) }).strict();

export const shortTextQuestion = z
  .object({
    ...base,
    type: z.literal('short-text'),
    accepted: z.array(text).min(1, 'serve almeno una risposta accettata'),
    pattern: z
      .string()
      .optional()
      .refine((p) => {
        if (p === undefined) return true;
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'non è un’espressione regolare valida'),
  })
  .strict();

export const numericQuestion = z
  .object({
    ...base,
    type: z.literal('numeric'),
    answer: z.number({ message: 'deve essere un numero' }),
    tolerance: z.number().min(0, 'non può essere negativa').default(0),
    unit: z.string().optional(),
  })
  .strict();

export const matchingQuestion = z
  .object({ ...base, type: z.literal('matching'), pairs: z.array(z.object({ id, left: text, right: text }).strict()).min(2, 'servono almeno 2 coppie') })
  .strict()
  .superRefine((q, ctx) => uniqueIds(q.pairs, ctx, 'pairs'));

export const orderingQuestion = z
  .object({ ...base, type: z.literal('ordering'), items: z.array(z.object({ id, text }).strict()).min(2, 'servono almeno 2 elementi') })
  .strict()
  .superRefine((q, ctx) => uniqueIds(q.items, ctx, 'items'));

export const questionSchema = z.discriminatedUnion(
  'type',
  [singleQuestion, multipleQuestion, trueFalseQuestion, shortTextQuestion, numericQuestion, matchingQuestion, orderingQuestion],
  { message: 'tipo di domanda sconosciuto: usa single, multiple, true-false, short-text, numeric, matching o ordering' },
);

export const quizSchema = z
  .object({
    title: text,
    passPercent: z.number().min(0).max(100).default(70),
    attempts: z.number().int('deve essere un numero intero').min(0).default(3),
    draw: z.number().int().positive().optional(),
    shuffle: z.boolean().default(true),
    feedback: z.enum(['immediate', 'after-submit', 'never'], { message: 'usa immediate, after-submit o never' }).default('after-submit'),
    timeLimitMinutes: z.number().positive().max(600).optional(),
    include: z.literal('all', { message: 'l’unico valore ammesso è «all»' }).optional(),
    questions: z.array(questionSchema).default([]),
  })
  .strict()
  .superRefine((q, ctx) => {
    uniqueIds(q.questions, ctx, 'questions');
    if (!q.include && q.questions.length === 0) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'il quiz non ha domande' });
    if (!q.include && q.draw && q.draw > q.questions.length)
      ctx.addIssue({ code: 'custom', path: ['draw'], message: `draw (${q.draw}) è maggiore del numero di domande (${q.questions.length})` });
  });

export type Question = z.infer<typeof questionSchema>;
export type QuizDefinition = z.infer<typeof quizSchema>;
export type QuestionType = Question['type'];

/* ---------- public forms: what an open attempt sends to the browser ---------- */

export const publicOption = z.object({ id: z.string(), text: z.string() }).strict();
export const publicQuestion = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('single'), prompt: z.string(), points: z.number(), options: z.array(publicOption) }).strict(),
  z.object({ id: z.string(), type: z.literal('multiple'), prompt: z.string(), points: z.number(), options: z.array(publicOption) }).strict(),
  z.object({ id: z.string(), type: z.literal('true-false'), prompt: z.string(), points: z.number() }).strict(),
  z.object({ id: z.string(), type: z.literal('short-text'), prompt: z.string(), points: z.number() }).strict(),
  z.object({ id: z.string(), type: z.literal('numeric'), prompt: z.string(), points: z.number(), unit: z.string().optional() }).strict(),
  z
    .object({ id: z.string(), type: z.literal('matching'), prompt: z.string(), points: z.number(), lefts: z.array(publicOption), rights: z.array(publicOption) })
    .strict(),
  z.object({ id: z.string(), type: z.literal('ordering'), prompt: z.string(), points: z.number(), items: z.array(publicOption) }).strict(),
]);
export type PublicQuestion = z.infer<typeof publicQuestion>;
