/**
 * The Italian codice fiscale of a person: 16 characters, the last a check character computed from
 * the other 15 (DM 23/12/1976). Omocodia (digits replaced by letters) keeps the same check rule.
 */
const ODD: Record<string, number> = {};
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
for (let i = 0; i < 26; i++) {
  ODD[String.fromCharCode(65 + i)] = ODD_VALUES[i]!;
  if (i < 10) ODD[String(i)] = ODD_VALUES[i]!;
}
const even = (c: string) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65);

export const FISCAL_CODE_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

export function fiscalCodeCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!;
    sum += i % 2 === 0 ? ODD[c]! : even(c);
  }
  return String.fromCharCode(65 + (sum % 26));
}

export type FiscalCodeProblem = 'shape' | 'check';

/** null when valid; otherwise what is wrong (the shape, or the check character). */
export function fiscalCodeProblem(value: string): FiscalCodeProblem | null {
  const code = value.trim().toUpperCase();
  if (!FISCAL_CODE_SHAPE.test(code)) return 'shape';
  return fiscalCodeCheckChar(code.slice(0, 15)) === code[15] ? null : 'check';
}
