/**
 * The one error convention of the domains. A domain function returns a typed outcome
 * (`{ ok: false, reason }`) for what a caller expects to handle, and throws a DomainError for input
 * it must refuse. Neither carries an HTTP status or a sentence: `code` is an identifier, and the
 * route maps it to a status and an i18n key (app/http/errors.server.ts).
 */
export class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly domain: string,
    readonly code: Code,
    readonly values?: Record<string, string | number>,
  ) {
    super(`${domain}.${code}`);
    this.name = 'DomainError';
  }
}

export type Outcome<T, Reason extends string> = ({ ok: true } & T) | { ok: false; reason: Reason };
