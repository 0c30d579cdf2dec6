import { z } from '~/utils/zod';
import { QUESTION_TYPES } from './quiz-form';

/** Forms of the studio; messages are i18n keys. The texts' limits are MAX_SOURCE_CHARS (validate.server.ts). */
const revision = z.coerce.number().int().min(0).max(1_000_000);
const text = z.string().max(200_000, 'studio.tooLong');

export const editorForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('preview'), source: text, quizSource: text.default(''), revision }),
  z.object({ intent: z.literal('check'), source: text, quizSource: text.default(''), revision }),
  z.object({ intent: z.literal('save'), source: text, quizSource: text.default(''), revision }),
  z.object({ intent: z.literal('discard'), revision }),
  z.object({ intent: z.literal('submitReview'), revision }),
  z.object({ intent: z.literal('withdrawReview'), revision }),
  /** a library card only: out of the library (kept in the history), or back in */
  z.object({ intent: z.literal('retire') }),
  z.object({ intent: z.literal('unretire') }),
  z
    .object({
      intent: z.literal('publish'),
      revision,
      note: z.string().trim().max(500).default(''),
      lawChange: z.literal('on').optional(),
      lawSummary: z.string().trim().max(300).default(''),
      /** with lawChange: learners who passed the quiz must pass it again */
      retakeQuiz: z.literal('on').optional(),
      at: z
        .string()
        .trim()
        .regex(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})?$/, 'form.invalid')
        .default(''),
    })
    .superRefine((f, ctx) => {
      if (f.lawChange && !f.lawSummary) ctx.addIssue({ code: 'custom', path: ['lawSummary'], message: 'studio.publish.lawSummary.required' });
      if (f.retakeQuiz && !f.lawChange) ctx.addIssue({ code: 'custom', path: ['retakeQuiz'], message: 'studio.publish.retakeQuiz.needsLaw' });
    }),
]);

const index = z.coerce.number().int().min(0).max(1000);
const questionType = z.enum(QUESTION_TYPES);

/** The quiz forms' page: which change (the question's fields are read by readQuestionForm, quiz-edit.server.ts). */
export const quizEditForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add'), revision, type: questionType }),
  z.object({ intent: z.literal('update'), revision, index, type: questionType }),
  z.object({ intent: z.literal('remove'), revision, index }),
  z.object({ intent: z.literal('up'), revision, index }),
  z.object({ intent: z.literal('down'), revision, index }),
]);

const line = z.coerce.number('form.line.invalid').int('form.line.invalid').min(1, 'form.line.invalid').max(100_000, 'form.line.invalid');

/** The reviewer's page: a comment on a line range, or a decision. */
export const reviewForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('comment'),
    revision,
    fromLine: line,
    /** empty: the one line `fromLine` */
    toLine: z.union([z.literal(''), line]).default(''),
    body: z.string().trim().min(1, 'form.comment.required').max(2000, 'form.tooLong'),
  }),
  z.object({ intent: z.literal('requestChanges'), revision, message: z.string().trim().max(2000, 'form.tooLong').default('') }),
  z.object({ intent: z.literal('approve'), revision, message: z.string().trim().max(2000, 'form.tooLong').default('') }),
]);

export const restoreForm = z.object({ intent: z.literal('restore'), versionId: z.string().uuid('form.invalid') });

/** A `datetime-local` value read as the time in Rome (Aula's time zone), as an instant. */
export function romeLocalToDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Rome's offset at that moment (twice, to settle across a DST change).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - romeOffsetMs(new Date(guess));
  return new Date(guess);
}

function romeOffsetMs(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(
    at,
  );
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(at.getTime() / 60_000) * 60_000;
}

const uuid = z.string().uuid('form.invalid');
const moduleSlug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'form.invalid');

/** The course outline: move, retire or bring back a module (naming the course.yaml version seen), or add one. */
export const outlineForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.enum(['up', 'down', 'retire', 'restore']), slug: moduleSlug, base: uuid }),
  z.object({
    intent: z.literal('create'),
    newSlug: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'outline.add.slug.invalid')
      .min(2, 'outline.add.slug.invalid')
      .max(60, 'outline.add.slug.invalid'),
    title: z.string().trim().min(1, 'outline.add.name.required').max(200, 'outline.add.name.required'),
  }),
]);
/** "Aggiungi una scheda": its address (slug) and title. */
export const newCardForm = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/, 'form.slug.invalid'),
  title: z.string().trim().min(1, 'form.required').max(200, 'form.tooLong'),
});
