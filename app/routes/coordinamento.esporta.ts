import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLocale, requireRole } from '~/auth/guards.server';
import { exportForm } from '~/coordination/forms';
import { exportHeaders, exportPeople, exportUnits } from '~/coordination/export.server';
import { listCoursesForCoordination } from '~/coordination/dashboard.server';
import { resourceError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';

/** Streams the people list (with the page's filters) or the annual report per unit, in the actor's scope. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const locale = await getLocale({ request, context });
  const url = new URL(request.url);
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  const parsed = parseForm(exportForm, form, locale);
  if (!parsed.data) throw resourceError(request, 400);
  const { format, kind, ...filters } = parsed.data;
  const courseId = filters.courseId ?? (await listCoursesForCoordination())[0]?.id;
  const body =
    kind === 'unita'
      ? await exportUnits({ actorId: user.id, unitId: filters.unitId ?? null, courseId: courseId ?? null, format, locale })
      : await exportPeople({ actorId: user.id, filters: { ...filters, courseId }, format, locale });
  if (!body) throw resourceError(request, 404, 'coord.error.outOfScope');
  return new Response(body, { headers: exportHeaders(format, kind === 'unita' ? 'rapporto-formazione' : 'persone') });
}
