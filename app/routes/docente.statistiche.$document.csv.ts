import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth/guards.server';
import { getQuizStats, statsToCsv } from '~/quiz/stats.server';
import { resourceError } from '~/http/errors.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  const url = new URL(request.url);
  const stats = /^[0-9a-f-]{36}$/i.test(params.document!)
    ? await getQuizStats({ documentId: params.document!, versionNo: Number(url.searchParams.get('versione')) || undefined, allAttempts: url.searchParams.get('tutti') === '1' })
    : null;
  if (!stats) throw resourceError(request, 404, 'error.notFound.quiz');
  return new Response(statsToCsv(stats.items), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="statistiche-v${stats.versionNo}.csv"` },
  });
}
