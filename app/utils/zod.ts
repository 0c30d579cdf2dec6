import { z } from 'zod';

const itLocale = z.locales.it();
const enLocale = z.locales.en();

/** A missing field is "obbligatorio" (required), not zod's "Input non valido: atteso string, ricevuto undefined". */
const missing = (issue: { code: string; input?: unknown }) => issue.code === 'invalid_type' && issue.input === undefined;

// Italian messages for every schema (forms and content files alike).
// jitless: zod would otherwise probe `new Function("")` in the browser, which the strict CSP forbids.
z.config({ jitless: true, localeError: (issue) => (missing(issue) ? 'obbligatorio' : itLocale.localeError(issue)) });

export { z };

/** The error map of a parse in English (forms read by an English reader). */
export const englishErrors: z.core.$ZodErrorMap = (issue) => (missing(issue) ? 'required' : enLocale.localeError(issue));

/** "campo `a.b[2].c`: messaggio" lines for a failed parse. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
    return path ? `campo «${path}»: ${issue.message}` : issue.message;
  });
}
