import { z } from '~/utils/zod';

/** One zod schema per form; messages are i18n keys (app/i18n/messages-forms.ts). */
const email = z.string('form.email.required').trim().toLowerCase().email('form.email.invalid').max(254, 'form.email.invalid');
const newPassword = z.string('form.password.required').min(10, 'form.password.short').max(200, 'form.password.long');

export const loginForm = z.object({
  email,
  password: z.string('form.password.required').min(1, 'form.password.required').max(200, 'form.password.long'),
  redirectTo: z.string().optional(),
});

export const changePasswordForm = z
  .object({
    current: z.string('form.current.required').min(1, 'form.current.required'),
    next: newPassword,
    confirm: z.string('form.confirm.mismatch'),
  })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: 'form.confirm.mismatch' });

export const setPasswordForm = z
  .object({
    name: z.string().trim().min(2, 'form.name.required').max(120, 'form.name.long').optional(),
    password: newPassword,
    confirm: z.string('form.confirm.mismatch'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'form.confirm.mismatch' });

export const forgotForm = z.object({ email });

export const inviteForm = z.object({
  email,
  role: z.enum(['learner', 'lecturer', 'coordinator', 'admin', 'operatore', 'revisore'], { message: 'form.role.invalid' }),
  organisationId: z
    .string()
    .uuid('form.organisation.invalid')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

/** A TOTP code (6 digits) or a recovery code (XXXXX-XXXXX). */
export const codeForm = z.object({
  code: z
    .string('form.code.required')
    .trim()
    .min(1, 'form.code.required')
    .max(20, 'form.code.invalid')
    .regex(/^(\d{3}\s?\d{3}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/, 'form.code.invalid'),
});

export const twoFactorForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('confirm'), code: codeForm.shape.code }),
  z.object({ intent: z.literal('regenerate'), code: codeForm.shape.code }),
  z.object({ intent: z.literal('disable'), code: codeForm.shape.code }),
]);

export const sessionsForm = z.object({
  ref: z.union([z.literal('others'), z.string().regex(/^[0-9a-f]{16}$/, 'form.invalid')]),
});
