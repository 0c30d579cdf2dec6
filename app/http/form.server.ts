/**
 * The one way an action reads a form. Linear in the size of the body, capped in bytes (by route, see
 * limits.ts) and in fields; a body of another type is refused with 415, too much with 413. The
 * returned FormData holds only what was sent.
 */
import type { AppLoadContext } from '@remix-run/node';
import { httpError } from './errors.server';
import { MAX_FIELDS, bodyLimitFor } from './limits';

export interface FormArgs {
  request: Request;
  context: AppLoadContext;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function isFormContentType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return FORM_TYPES.includes(type);
}

async function readBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw httpError(413);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw httpError(413);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readForm({ request, context }: FormArgs, { maxBytes, maxFields = MAX_FIELDS }: { maxBytes?: number; maxFields?: number } = {}): Promise<FormData> {
  const contentType = request.headers.get('content-type');
  if (!isFormContentType(contentType)) throw httpError(415);
  const limit = maxBytes ?? bodyLimitFor(new URL(request.url).pathname, context.signedIn);
  const body = await readBody(request, limit);
  const form = new FormData();
  let fields = 0;
  if (contentType!.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) {
      if (++fields > maxFields) throw httpError(413, 'error.413.fields');
      form.append(k, v);
    }
    return form;
  }
  let parsed: FormData;
  try {
    parsed = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType! } }).formData();
  } catch {
    throw httpError(400);
  }
  for (const [k, v] of parsed) {
    if (++fields > maxFields) throw httpError(413, 'error.413.fields');
    form.append(k, v);
  }
  return form;
}

/** Every string value of a field, in order (repeated checkboxes and multi-selects), built linearly. */
export function formValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string') continue;
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[k] = [prev, v];
  }
  return out;
}
