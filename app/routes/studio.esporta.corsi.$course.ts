import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth/guards.server';
import { resourceError } from '~/http/errors.server';
import { exportBundle } from '~/studio/bundle.server';

/** A course as a zip in the content/ format (course.yaml and its modules, as written). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const slug = params.course ?? '';
  const zip = /^[a-z0-9-]{1,80}$/.test(slug) ? await exportBundle({ course: slug }) : null;
  if (!zip) throw resourceError(request, 404);
  return new Response(Buffer.from(zip), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="aula-corso-${slug}.zip"`, 'Cache-Control': 'private, no-store' },
  });
}
