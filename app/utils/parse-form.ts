/**
 * One zod schema per form, used by the action (and available to the component). Messages in a
 * schema are i18n keys (`form.email`); zod's own messages come in the reader's language. The
 * result is field errors keyed by field name, already in the reader's language.
 */
import { isMessageKey, translate, type Locale } from '~/i18n/i18n';
import { englishErrors, type z } from './zod';

export type FieldErrors = Record<string, string>;

/** `multi`: fields that may repeat (checkboxes, multi-selects), read as arrays of every value sent. */
export function parseForm<T extends z.ZodTypeAny>(schema: T, form: FormData, locale: Locale, multi: readonly string[] = []): { data: z.infer<T>; errors: null } | { data: null; errors: FieldErrors } {
  const raw: Record<string, unknown> = Object.create(null);
  for (const k of multi) raw[k] = [];
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string') continue;
    if (multi.includes(k)) (raw[k] as string[]).push(v);
    else raw[k] = v;
  }
  const parsed = schema.safeParse(raw, locale === 'en' ? { error: englishErrors } : undefined);
  if (parsed.success) return { data: parsed.data, errors: null };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const k = String(issue.path[0] ?? 'form');
    errors[k] ??= isMessageKey(issue.message) ? translate(locale, issue.message) : issue.message;
  }
  return { data: null, errors };
}
