import { z } from 'zod';

// Italian messages for every schema (forms and content files alike).
z.config(z.locales.it());

export { z };

/** "campo `a.b[2].c`: messaggio" lines for a failed parse. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
    return path ? `campo «${path}»: ${issue.message}` : issue.message;
  });
}
