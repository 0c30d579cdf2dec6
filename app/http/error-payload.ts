/**
 * The one error convention, as the browser sees it. Routes throw `httpError(status, key)`
 * (errors.server.ts); the payload names an i18n key, never a sentence, so the one error boundary
 * (root.tsx) shows it in the reader's language.
 */
import type { MessageKey } from '~/i18n/i18n';

export interface ErrorPayload {
  key: MessageKey;
  values?: Record<string, string | number>;
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}
