/**
 * Public certificate codes.
 *
 * A code is 12 symbols of Crockford's base32 alphabet (digits and capital letters without
 * I, L, O, U), i.e. 12 × 5 = 60 random bits, printed in three groups of four so it can be read
 * aloud or typed from a printed certificate: `7KQ2-M9XD-4HTR`.
 *
 * Typing is forgiving ({@link normalizeCertificateCode}): case, spaces and dashes are ignored and
 * the look-alike letters O (→ 0) and I, L (→ 1) are accepted; U is not part of the alphabet and is
 * rejected. The dashed, upper-case form is the canonical one (stored, signed, put in URLs).
 */

/** Crockford base32 without I, L, O, U. Exactly 32 symbols, so every symbol carries 5 bits. */
export const CERTIFICATE_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Symbols in a code (without dashes). */
export const CERTIFICATE_CODE_LENGTH = 12;
/** Symbols per dash-separated group. */
export const CERTIFICATE_CODE_GROUP = 4;
/** Random bits in a code: 12 × log2(32) = 60. */
export const CERTIFICATE_CODE_BITS = CERTIFICATE_CODE_LENGTH * Math.log2(CERTIFICATE_CODE_ALPHABET.length);
/** The canonical form, e.g. `7KQ2-M9XD-4HTR`. */
export const CERTIFICATE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

function group(symbols: string): string {
  const parts: string[] = [];
  for (let i = 0; i < symbols.length; i += CERTIFICATE_CODE_GROUP) parts.push(symbols.slice(i, i + CERTIFICATE_CODE_GROUP));
  return parts.join('-');
}

/** A new random code in canonical form (60 bits from the platform CSPRNG). */
export function generateCertificateCode(): string {
  const bytes = new Uint8Array(CERTIFICATE_CODE_LENGTH);
  crypto.getRandomValues(bytes);
  let symbols = '';
  // 256 is a multiple of 32, so the low 5 bits of a uniform byte are uniform: no modulo bias.
  for (const byte of bytes) symbols += CERTIFICATE_CODE_ALPHABET[byte & 31];
  return group(symbols);
}

const CONFUSABLE: Record<string, string> = { O: '0', I: '1', L: '1' };

/**
 * The canonical form of a code typed or scanned by a person, or `null` when it cannot be a code
 * (wrong length or characters outside the alphabet, U included). Accepts lower case, spaces,
 * dashes (also typographic ones) and the confusions O/0 and I/L/1.
 */
export function normalizeCertificateCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '')
    .replace(/[OIL]/g, (c) => CONFUSABLE[c] ?? c);
  if (compact.length !== CERTIFICATE_CODE_LENGTH) return null;
  for (const c of compact) if (!CERTIFICATE_CODE_ALPHABET.includes(c)) return null;
  return group(compact);
}

/** True when `value` is already a code in canonical form. */
export function isCanonicalCertificateCode(value: string): boolean {
  return CERTIFICATE_CODE_PATTERN.test(value);
}
