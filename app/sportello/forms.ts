/** The forms of the front-desk register: one zod schema per form, messages are i18n keys. */
import { z } from '~/utils/zod';
import { TOPICS } from '~/content/formats';
import { MEDIATION_LANGUAGES, isCountry } from './countries';

/** Same list as the column's enum in db/schema/sportello.ts. */
export const OUTCOMES = ['risolto', 'inviato', 'da_richiamare', 'appuntamento'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const AGE_BANDS = ['0-17', '18-29', '30-44', '45-64', '65+'] as const;
export const SEXES = ['F', 'M', 'X'] as const;
export const NOTE_MAX = 500;
/** The fields a browser may send more than once. */
export const MULTI_FIELDS = ['topics', 'cards'] as const;

const optional = <T extends z.ZodTypeAny>(schema: T) => z.union([z.literal('').transform(() => null), schema]).optional();
const slug = z.string().regex(/^[a-z0-9-]{1,120}$/, 'sportello.form.card.invalid');

export const consultationForm = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'sportello.form.token.invalid'),
    sportello: z.string().regex(/^[a-z0-9-]{1,120}$/, 'sportello.form.sportello.invalid'),
    occurredAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'sportello.form.date.invalid'),
    topics: z.array(z.enum(TOPICS, { message: 'sportello.form.topic.invalid' })).max(TOPICS.length),
    cards: z.array(slug).max(30, 'sportello.form.card.invalid'),
    outcome: z.enum(OUTCOMES, { message: 'sportello.form.outcome.invalid' }),
    referredOffice: optional(z.string().regex(/^[a-z0-9-]{1,120}$/, 'sportello.form.office.invalid')),
    mediation: z.literal('1').optional(),
    mediationLanguage: optional(z.enum(MEDIATION_LANGUAGES, { message: 'sportello.form.language.invalid' })),
    nationality: optional(z.string().refine(isCountry, 'sportello.form.nationality.invalid')),
    sex: optional(z.enum(SEXES, { message: 'form.invalid' })),
    ageBand: optional(z.enum(AGE_BANDS, { message: 'form.invalid' })),
    visit: optional(z.enum(['prima', 'ritorno'], { message: 'form.invalid' })),
    followUp: z.literal('1').optional(),
    note: z.string().max(NOTE_MAX, 'sportello.form.note.tooLong').optional(),
  })
  .superRefine((f, ctx) => {
    if (f.topics.length === 0 && f.cards.length === 0) ctx.addIssue({ code: 'custom', path: ['topics'], message: 'sportello.form.topic.required' });
    if (f.outcome === 'inviato' && !f.referredOffice) ctx.addIssue({ code: 'custom', path: ['referredOffice'], message: 'sportello.form.office.required' });
    if (f.mediation && !f.mediationLanguage) ctx.addIssue({ code: 'custom', path: ['mediationLanguage'], message: 'sportello.form.language.required' });
  });
export type ConsultationInput = z.infer<typeof consultationForm>;

export const indicatorFilters = z.object({
  da: optional(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'sportello.filters.month.invalid')),
  a: optional(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'sportello.filters.month.invalid')),
  trimestre: optional(z.string().regex(/^\d{4}-T[1-4]$/, 'sportello.filters.quarter.invalid')),
  sportello: optional(z.string().regex(/^[a-z0-9-]{1,120}$/, 'sportello.form.sportello.invalid')),
});
