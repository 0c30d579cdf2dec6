/** The two export routes share this: guard, filters, indicators, file; every export is audited. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLocale } from '~/auth/guards.server';
import { resourceError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { getDb, schema } from '~/utils/db.server';
import { requireIndicatorsAccess } from './guard.server';
import { getIndicators, periodFromFilters } from './indicators.server';
import { indicatorFilters } from './forms';
import { indicatorsCsv, indicatorsXlsx } from './export.server';

export async function exportResponse({ request, context }: LoaderFunctionArgs, format: 'csv' | 'xlsx') {
  const user = await requireIndicatorsAccess({ request, context });
  const locale = await getLocale({ request, context });
  const form = new FormData();
  for (const [k, v] of new URL(request.url).searchParams) form.append(k, v);
  const parsed = parseForm(indicatorFilters, form, locale);
  if (!parsed.data) throw resourceError(request, 400, 'sportello.filters.period');
  const { period, quarter } = periodFromFilters(parsed.data);
  const result = await getIndicators({ user, period, sportello: parsed.data.sportello ?? null });
  if (!result.ok) throw resourceError(request, result.reason === 'sportello' ? 404 : 400, `sportello.filters.${result.reason}`);
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId: user.id, action: 'sportello.export', target: null, data: JSON.stringify({ format, period, quarter, sportello: parsed.data.sportello ?? null }) });
  const name = `${quarter ? `fami-${quarter}` : `indicatori-sportelli-${period.from}_${period.to}`}${parsed.data.sportello ? `-${parsed.data.sportello}` : ''}.${format}`;
  const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' };
  if (format === 'csv') return new Response(indicatorsCsv(result.indicators, locale, quarter), { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } });
  return new Response(Buffer.from(await indicatorsXlsx(result.indicators, locale, quarter)), {
    headers: { ...headers, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  });
}
