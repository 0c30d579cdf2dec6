/**
 * Password policy after NIST SP 800-63B §5.1.1.2: length (10 to 200), no composition rules, but
 * refuse passwords that are well known or easy to guess (zxcvbn-ts, with its list of common and
 * breached passwords and the Italian dictionary), and passwords that contain the person's e-mail
 * or name. The reason is a code; the form says it in the reader's language.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as italian from '@zxcvbn-ts/language-it';

export type PasswordProblem = 'common' | 'weak' | 'containsEmail' | 'containsName';

let estimator: ZxcvbnFactory | undefined;

function zxcvbn() {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...italian.dictionary }, graphs: common.adjacencyGraphs });
  return estimator;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Parts of the e-mail and name a password must not contain (3 letters or more). */
function personalWords({ email, name }: { email?: string | null; name?: string | null }) {
  const local = email ? (email.split('@')[0] ?? '') : '';
  const emailWords = [local, ...local.split(/[._+-]+/)].map(fold).filter((w) => w.length >= 3);
  const nameWords = (name ?? '')
    .split(/[\s'’.-]+/)
    .map(fold)
    .filter((w) => w.length >= 3);
  return { emailWords, nameWords };
}

export function checkPassword(password: string, person: { email?: string | null; name?: string | null } = {}): PasswordProblem | null {
  const folded = fold(password);
  const { emailWords, nameWords } = personalWords(person);
  if (emailWords.some((w) => folded.includes(w))) return 'containsEmail';
  if (nameWords.some((w) => folded.includes(w))) return 'containsName';
  const { score } = zxcvbn().check(password.slice(0, 100), [...emailWords, ...nameWords]);
  if (score <= 1) return 'common';
  if (score === 2) return 'weak';
  return null;
}
