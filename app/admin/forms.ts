import { z } from '~/utils/zod';

/** Forms of the administration; messages are i18n keys. */
export const ORG_KINDS = ['prefettura', 'questura', 'comune', 'unione_comuni', 'asl', 'scuola', 'terzo_settore', 'universita', 'altro', 'rete'] as const;
const uuid = z.string().uuid('form.invalid');
const optionalUuid = z
  .string()
  .uuid('form.organisation.invalid')
  .optional()
  .or(z.literal('').transform(() => undefined));
const role = z.enum(['learner', 'lecturer', 'coordinator', 'admin', 'operatore', 'revisore'], { message: 'form.role.invalid' });

export const userFiltersForm = z.object({
  q: z.string().trim().max(100).optional(),
  role: role.optional().or(z.literal('').transform(() => undefined)),
  organisationId: optionalUuid,
  status: z
    .enum(['active', 'disabled', 'erased'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  lastSignIn: z
    .enum(['never', '30', '90', 'older'])
    .optional()
    .or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const userActionForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('grant'), role, organisationId: optionalUuid }),
  z.object({ intent: z.literal('revoke'), roleId: uuid }),
  z.object({ intent: z.literal('deactivate') }),
  z.object({ intent: z.literal('reactivate') }),
  z.object({ intent: z.literal('resetTwoFactor') }),
  z.object({
    intent: z.literal('fiscalNumber'),
    fiscalNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^(TINIT-)?[A-Z0-9]{11,16}$/, 'form.fiscalNumber.invalid')
      .or(z.literal('')),
  }),
]);

export const invitationActionForm = z.object({
  intent: z.enum(['resend', 'cancel']),
  ref: z.string().regex(/^[0-9a-f]{16}$/, 'form.invalid'),
});

const ipa = z
  .string()
  .trim()
  .max(20)
  .regex(/^[A-Za-z0-9_]*$/, 'form.ipa.invalid')
  .transform((v) => v || null);

export const organisationForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.enum(['create', 'update']),
    id: z.string().optional(),
    name: z.string('form.orgName.required').trim().min(2, 'form.orgName.required').max(160, 'form.orgName.required'),
    kind: z.enum(ORG_KINDS, { message: 'form.invalid' }),
    parentId: optionalUuid.transform((v) => v ?? null),
    ipaCode: ipa,
    yearlyHoursTarget: z
      .string()
      .trim()
      .regex(/^\d{0,4}$/, 'form.hours.invalid')
      .transform((v) => (v ? Number(v) : null)),
  }),
  z.object({ intent: z.literal('retire'), id: uuid }),
  z.object({ intent: z.literal('restore'), id: uuid }),
]);

export const settingsForm = z.object({
  siteName: z.string().trim().max(120, 'form.tooLong'),
  supportContact: z.string().trim().max(200, 'form.tooLong'),
  libraryPublic: z.literal('on').optional(),
  defaultYearlyHours: z.coerce.number('form.hours.invalid').int('form.hours.invalid').min(0, 'form.hours.invalid').max(1000, 'form.hours.invalid'),
  totpRequiredForStaff: z.literal('on').optional(),
  passwordsForSsoUsers: z.literal('on').optional(),
  provisioning: z.enum(['link-only', 'create-learner']),
  provisioningOrganisationId: optionalUuid,
  retentionYears: z.coerce.number('form.years.invalid').int('form.years.invalid').min(1, 'form.years.invalid').max(50, 'form.years.invalid'),
  /** the courses whose studio drafts need a reviewer's approval (checkboxes: read with `multi`) */
  reviewCourses: z.array(z.string().max(120, 'form.tooLong')).max(500).default([]),
  reviewLibrary: z.literal('on').optional(),
});

export const issuerForm = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('addIssuer'),
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'form.issuerId.invalid'),
    label: z.string().trim().min(1, 'form.required').max(80, 'form.tooLong'),
    issuer: z.string().trim().url('form.url.invalid').max(500, 'form.tooLong'),
    clientId: z.string().trim().min(1, 'form.required').max(200, 'form.tooLong'),
    clientSecret: z.string().max(500, 'form.tooLong').optional(),
    kind: z.enum(['generic', 'spid', 'cie', 'spid-cie']),
    scopes: z.string().trim().max(200, 'form.tooLong').optional(),
  }),
  z.object({ intent: z.literal('removeIssuer'), id: z.string().max(40) }),
]);

export const auditFiltersForm = z.object({
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(60).optional(),
  target: z.string().trim().max(200).optional(),
  from: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/)
    .optional(),
  to: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const decisionForm = z.object({
  requestId: uuid,
  decision: z.enum(['approve', 'refuse']),
  reason: z.string('form.reason.required').trim().min(5, 'form.reason.required').max(1000, 'form.tooLong'),
});

export const privacyForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('erasure'), note: z.string().trim().max(1000, 'form.tooLong').optional(), confirm: z.literal('on', { message: 'form.confirm.required' }) }),
  z.object({ intent: z.literal('withdraw'), requestId: uuid }),
]);
