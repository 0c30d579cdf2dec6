/**
 * Routes map domain outcomes to HTTP here, and only here: a status and an i18n key (never Italian
 * text inside a Response). Thrown from a loader or action, the response is rendered by the one
 * error boundary in the reader's language, with the page's navigation.
 */
import { data } from '@remix-run/node';
import { translate, type MessageKey } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import type { ErrorPayload } from './error-payload';

export type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 503;

const DEFAULT_KEYS: Record<ErrorStatus, MessageKey> = {
  400: 'error.400',
  403: 'error.403',
  404: 'error.404',
  409: 'error.409',
  410: 'error.410',
  413: 'error.413',
  415: 'error.415',
  429: 'error.429',
  503: 'error.503',
};

export function httpError(status: ErrorStatus, key: MessageKey = DEFAULT_KEYS[status], { values, headers }: { values?: ErrorPayload['values']; headers?: HeadersInit } = {}) {
  return data<ErrorPayload>({ key, values }, { status, headers });
}

/** 429 with the Retry-After header the limit computed. */
export function tooManyRequests(retryAfterSeconds: number, key: MessageKey = 'error.429') {
  return httpError(429, key, { values: { seconds: retryAfterSeconds }, headers: { 'Retry-After': String(retryAfterSeconds), 'Cache-Control': 'no-store' } });
}

/**
 * For resource routes (PDF, badge, CSV, JSON), which have no error boundary: the same status and
 * key, as a short plain text in the reader's language.
 */
export function resourceError(request: Request, status: ErrorStatus, key: MessageKey = DEFAULT_KEYS[status], values?: ErrorPayload['values']) {
  const locale = resolveLocale(request, null);
  return new Response(translate(locale, key, values), { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
