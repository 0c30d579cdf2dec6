import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { exportMyData } from '~/privacy/export.server';
import { resourceError } from '~/http/errors.server';

/** Everything Aula holds about the signed-in person, as a ZIP (GDPR art. 15 and 20). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const zip = await exportMyData({ userId: user.id });
  if (!zip) throw resourceError(request, 404);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(Buffer.from(zip), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="aula-i-miei-dati-${day}.zip"`, 'Cache-Control': 'private, no-store' },
  });
}
