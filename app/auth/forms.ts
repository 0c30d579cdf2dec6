import { z } from '~/utils/zod';

/** One zod schema per form, used by the route action (and available to the client). */
const email = z.string().trim().toLowerCase().email('Inserisci un indirizzo e-mail valido.').max(254);
const newPassword = z
  .string()
  .min(10, 'La password deve avere almeno 10 caratteri.')
  .max(200, 'La password può avere al massimo 200 caratteri.');

export const loginForm = z.object({
  email,
  password: z.string().min(1, 'Inserisci la password.').max(200),
  redirectTo: z.string().optional(),
});

export const changePasswordForm = z
  .object({
    current: z.string().min(1, 'Inserisci la password attuale.'),
    next: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], message: 'Le due password non coincidono.' });

export const setPasswordForm = z
  .object({
    name: z.string().trim().min(2, 'Inserisci nome e cognome.').max(120).optional(),
    password: newPassword,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'Le due password non coincidono.' });

export const forgotForm = z.object({ email });

export const inviteForm = z.object({
  email,
  role: z.enum(['learner', 'lecturer', 'coordinator', 'admin'], { message: 'Scegli un ruolo valido.' }),
  organisationId: z.string().uuid().optional().or(z.literal('').transform(() => undefined)),
});

export type FieldErrors = Record<string, string>;

/** Parses FormData with a schema; returns data or Italian field errors keyed by field name. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, form: FormData): { data: z.infer<T>; errors: null } | { data: null; errors: FieldErrors } {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const k = String(issue.path[0] ?? 'form');
    errors[k] ??= issue.message;
  }
  return { data: null, errors };
}
