import { z } from '~/utils/zod';
import { EXPORT_FORMATS, STATUSES } from './constants';

/** Forms of the coordinator's workspace; messages are i18n keys. */
const emptyToUndefined = z.literal('').transform(() => undefined);
const optionalUuid = z.string().uuid('coord.form.unit.invalid').optional().or(emptyToUndefined);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'coord.form.date.invalid');

export const peopleFiltersForm = z.object({
  q: z.string().trim().max(100).optional(),
  unitId: optionalUuid,
  courseId: optionalUuid,
  status: z
    .enum([...STATUSES, 'unassigned'])
    .optional()
    .or(emptyToUndefined),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const dashboardForm = z.object({ unitId: optionalUuid, courseId: optionalUuid });

export const exportForm = z.object({
  format: z.enum(EXPORT_FORMATS),
  kind: z.enum(['persone', 'unita']).default('persone'),
  q: z.string().trim().max(100).optional(),
  unitId: optionalUuid,
  courseId: optionalUuid,
  status: z
    .enum([...STATUSES, 'unassigned'])
    .optional()
    .or(emptyToUndefined),
});

const name = z
  .string('coord.form.name.required')
  .trim()
  .min(2, 'coord.form.name.required')
  .max(160, 'coord.form.tooLong')
  .regex(/^[^\u0000-\u001f<>=+@]/, 'coord.form.name.invalid');

export const enrolForm = z.object({
  intent: z.literal('enrol'),
  email: z.string('form.email.required').trim().toLowerCase().email('form.email.invalid').max(254, 'form.email.invalid'),
  name,
  organisationId: z.string('coord.form.unit.required').uuid('coord.form.unit.required'),
  jobTitle: z.string().trim().max(160, 'coord.form.tooLong').optional(),
  fiscalCode: z.string().trim().toUpperCase().max(16, 'coord.form.fiscal.invalid').optional(),
});

const reminderDays = z
  .string()
  .trim()
  .regex(/^(-?\d{1,3})(\s*,\s*-?\d{1,3}){0,5}$/, 'coord.form.reminders.invalid')
  .transform((v) => [...new Set(v.split(',').map((x) => Number(x.trim())))].sort((a, b) => b - a));

/** Left empty: the defaults. (A union with the empty string would hide the message of a bad value.) */
const optionalReminderDays = z.preprocess((v) => (v === '' ? undefined : v), reminderDays.optional());

export const bulkForm = z.object({
  intent: z.enum(['assign', 'remind', 'exempt', 'remove']),
  courseId: z.string('coord.form.course.required').uuid('coord.form.course.required'),
  /** the ticked people, joined with commas by the route (a form repeats the field) */
  userId: z
    .string('coord.form.people.required')
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.string().uuid('form.invalid')).min(1, 'coord.form.people.required').max(1000, 'coord.form.tooLong')),
  dueOn: day.optional().or(emptyToUndefined),
  /** reminder steps of the assignment (for `assign`); empty: the defaults */
  reminderDays: optionalReminderDays,
  reason: z.string().trim().max(500, 'coord.form.tooLong').optional(),
});

export const assignUnitForm = z.object({
  intent: z.literal('assignUnit'),
  courseId: z.string('coord.form.course.required').uuid('coord.form.course.required'),
  unitId: z.string('coord.form.unit.required').uuid('coord.form.unit.required'),
  dueOn: day,
  reminderDays: optionalReminderDays,
});

export const trainingForm = z.object({
  intent: z.literal('training'),
  title: z.string('coord.form.title.required').trim().min(3, 'coord.form.title.required').max(200, 'coord.form.tooLong'),
  provider: z.string('coord.form.provider.required').trim().min(2, 'coord.form.provider.required').max(200, 'coord.form.tooLong'),
  completedOn: day,
  hours: z
    .string('coord.form.hours.invalid')
    .trim()
    .regex(/^\d{1,3}([.,]\d)?$/, 'coord.form.hours.invalid')
    .transform((v) => Number(v.replace(',', '.')))
    .refine((v) => v > 0 && v <= 500, 'coord.form.hours.invalid'),
});

export const personActionForm = z.discriminatedUnion('intent', [trainingForm, z.object({ intent: z.literal('remove') })]);

export const mappingForm = z.object({
  intent: z.literal('dryRun'),
  batchId: z.string().uuid('form.invalid'),
  email: z.coerce.number().int().min(0),
  name: z.coerce.number().int().min(0),
  unit: z.coerce.number().int().min(0),
  surname: z.coerce.number().int().min(0).optional().or(emptyToUndefined),
  fiscalCode: z.coerce.number().int().min(0).optional().or(emptyToUndefined),
  jobTitle: z.coerce.number().int().min(0).optional().or(emptyToUndefined),
});

export const commitForm = z.object({ intent: z.literal('commit'), batchId: z.string().uuid('form.invalid') });

/** The learner's calendar feed: create (or replace) the URL, or revoke it. */
export const calendarForm = z.object({
  intent: z.enum(['create', 'revoke'], 'calendar.intent.invalid'),
});

/** A day that exists in the calendar (2027-02-30 is refused). */
const realDay = day.refine((v) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}, 'coord.form.date.invalid');

/**
 * Assigning a law change's update: a due day, and either everyone who has to update (`assignAll`)
 * or the ticked people (`assign`; parse with `userId` as a repeated field).
 */
export const assignUpdateForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('assignAll'), dueOn: z.string('coord.form.date.invalid').pipe(realDay) }),
  z.object({
    intent: z.literal('assign'),
    dueOn: z.string('coord.form.date.invalid').pipe(realDay),
    userId: z.array(z.string().uuid('form.invalid')).min(1, 'coord.form.people.required').max(1000, 'coord.form.tooLong'),
  }),
]);
