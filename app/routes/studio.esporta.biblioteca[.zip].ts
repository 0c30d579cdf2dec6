import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth/guards.server';
import { exportBundle } from '~/studio/bundle.server';

/** The library as a zip in the content/ format (cards in the library, glossary, offices, synonyms). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const zip = (await exportBundle({ library: true }))!;
  return new Response(Buffer.from(zip), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': 'attachment; filename="aula-biblioteca.zip"', 'Cache-Control': 'private, no-store' },
  });
}
