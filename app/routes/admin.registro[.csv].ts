import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLocale, requireRole } from '~/auth/guards.server';
import { exportAuditCsv } from '~/admin/audit.server';
import { auditFiltersForm } from '~/admin/forms';
import { resourceError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';

/** The audit log as CSV, with the filters of the page; the export itself is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const url = new URL(request.url);
  const form = new FormData();
  for (const [k, v] of url.searchParams) if (k !== 'page') form.append(k, v);
  const parsed = parseForm(auditFiltersForm, form, await getLocale({ request, context }));
  if (!parsed.data) throw resourceError(request, 400);
  const csv = await exportAuditCsv({ actorId: admin.id, filters: parsed.data });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="registro-attivita-${day}.csv"`, 'Cache-Control': 'no-store' } });
}
