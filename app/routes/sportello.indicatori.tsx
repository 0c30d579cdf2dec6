import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { getLocale } from '~/auth/guards.server';
import { requireIndicatorsAccess } from '~/sportello/guard.server';
import { getIndicators, periodFromFilters, recentQuarters } from '~/sportello/indicators.server';
import { indicatorFilters } from '~/sportello/forms';
import { sections, monthLabel } from '~/sportello/labels';
import { parseForm } from '~/utils/parse-form';
import { ChartSection } from '~/components/bar-chart';
import { Field, FormAlert, SelectField } from '~/components/field';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireIndicatorsAccess({ request, context });
  const url = new URL(request.url);
  const form = new FormData();
  for (const [k, v] of url.searchParams) form.append(k, v);
  const locale = await getLocale({ request, context });
  const parsed = parseForm(indicatorFilters, form, locale);
  const quarters = recentQuarters();
  const none = { indicators: null, sections: [] as ReturnType<typeof sections>, periodLabel: '' };
  if (!parsed.data) return data({ ...none, errors: parsed.errors, refused: null as MessageKey | null, quarter: null as string | null, quarters, query: url.search }, { status: 400 });
  const { period, quarter } = periodFromFilters(parsed.data);
  const result = await getIndicators({ user, period, sportello: parsed.data.sportello ?? null });
  if (!result.ok)
    return data(
      { ...none, errors: {}, refused: `sportello.filters.${result.reason}` as MessageKey | null, quarter, quarters, query: url.search },
      { status: result.reason === 'sportello' ? 404 : 400 },
    );
  const ind = result.indicators;
  // Labels (month names, languages) are written on the server: the browser's Intl data may differ.
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values);
  const periodLabel = t('sportello.ind.period', { from: monthLabel(ind.period.from, locale), to: monthLabel(ind.period.to, locale) });
  return { errors: {} as Record<string, string>, refused: null, indicators: ind, sections: sections(ind, t, locale), periodLabel, quarter, quarters, query: url.search };
}

export default function IndicatorsPage() {
  const page = useLoaderData<typeof loader>();
  const { t, number } = useI18n();
  const ind = page.indicators;
  const errors: Record<string, string> = page.errors;
  const small = t('sportello.ind.small');
  const show = (n: number | null) => (n === null ? small : number(n));
  const famiQuarter = page.quarter ?? page.quarters[1]!;
  return (
    <div className="container my-5">
      <h1>{t('sportello.ind.title')}</h1>
      <p className="lead">{t('sportello.ind.lead')}</p>
      {page.refused ? <FormAlert kind="error">{t(page.refused)}</FormAlert> : null}
      <Form method="get" className="aula-card mb-4">
        <fieldset>
          <legend className="h5">{t('sportello.ind.filters')}</legend>
          <div className="row">
            <Field className="mb-3 col-md-3" type="month" name="da" label={t('sportello.ind.from')} defaultValue={ind?.period.from ?? ''} error={errors.da} />
            <Field className="mb-3 col-md-3" type="month" name="a" label={t('sportello.ind.to')} defaultValue={ind?.period.to ?? ''} error={errors.a} />
            <SelectField
              className="mb-3 col-md-2"
              name="trimestre"
              label={t('sportello.ind.quarter')}
              defaultValue={page.quarter ?? ''}
              options={[{ value: '', label: t('sportello.ind.quarter.none') }, ...page.quarters.map((q) => ({ value: q, label: q }))]}
              error={errors.trimestre}
            />
            <SelectField
              className="mb-3 col-md-4"
              name="sportello"
              label={t('sportello.col.sportello')}
              defaultValue={ind?.sportello ?? ''}
              options={[{ value: '', label: t('sportello.ind.allSportelli') }, ...(ind?.sportelli ?? []).map((s) => ({ value: s.id, label: s.name }))]}
              error={errors.sportello}
            />
          </div>
          <button type="submit" className="btn btn-primary">
            {t('sportello.ind.apply')}
          </button>
        </fieldset>
      </Form>
      {ind && ind.sportelli.length === 0 ? <p>{t('sportello.ind.none')}</p> : null}
      {ind && ind.sportelli.length > 0 ? (
        <>
          <p className="fw-semibold">{page.periodLabel}</p>
          <dl className="row aula-card">
            <dt className="col-sm-6">{t('sportello.ind.total')}</dt>
            <dd className="col-sm-6 h4" data-testid="totale">
              {show(ind.total)}
            </dd>
            <dt className="col-sm-6">{t('sportello.ind.mediationTotal')}</dt>
            <dd className="col-sm-6 h4">{show(ind.mediation)}</dd>
          </dl>
          <section aria-labelledby="esporta" className="mt-3">
            <h2 id="esporta" className="h5">
              {t('sportello.ind.exports')}
            </h2>
            <ul className="list-inline">
              <li className="list-inline-item">
                <a href={`/sportello/indicatori.csv${page.query}`} download>
                  {t('sportello.ind.csv')}
                </a>
              </li>
              <li className="list-inline-item">
                <a href={`/sportello/indicatori.xlsx${page.query}`} download>
                  {t('sportello.ind.xlsx')}
                </a>
              </li>
              <li className="list-inline-item">
                <a href={`/sportello/indicatori.xlsx?trimestre=${famiQuarter}${ind.sportello ? `&sportello=${ind.sportello}` : ''}`} download className="btn btn-outline-primary btn-sm">
                  {t('sportello.ind.fami', { quarter: famiQuarter })}
                </a>
              </li>
              <li className="list-inline-item">
                <a href={`/sportello/indicatori.csv?trimestre=${famiQuarter}${ind.sportello ? `&sportello=${ind.sportello}` : ''}`} download>
                  {t('sportello.ind.famiCsv', { quarter: famiQuarter })}
                </a>
              </li>
            </ul>
          </section>
          <section aria-labelledby="domande" className="mt-5">
            <h2 id="domande" className="h4">
              {t('sportello.ind.top')}
            </h2>
            <p>{t('sportello.ind.top.lead')}</p>
            {ind.topCards.length ? (
              <div className="table-responsive">
                <table className="table table-sm">
                  <caption className="visually-hidden">{t('sportello.ind.top')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('sportello.col.cards')}</th>
                      <th scope="col">{t('sportello.ind.top.module')}</th>
                      <th scope="col" className="text-end">
                        {t('sportello.ind.count')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {ind.topCards.map((c) => (
                      <tr key={c.slug}>
                        <th scope="row" className="fw-normal">
                          <Link to={`/biblioteca/${c.slug}`}>{c.title}</Link>
                        </th>
                        <td>{c.module ? <Link to={`/corsi/${c.module.courseSlug}/${c.module.slug}`}>{c.module.title}</Link> : t('sportello.ind.top.noModule')}</td>
                        <td className="text-end">{show(c.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p>{t('sportello.ind.empty')}</p>
            )}
          </section>
          {page.sections.map((s) => (
            <ChartSection
              key={s.key}
              title={s.title}
              data={s.bars.map((b) => ({ label: b.label, value: b.count, display: b.count === null ? small : number(b.count) }))}
              columns={s.columns}
              valueLabel={t('sportello.ind.count')}
              itemLabel={t('sportello.ind.item')}
              emptyLabel={t('sportello.ind.empty')}
              chartLabel={t('sportello.ind.chartOf', { title: s.title })}
            />
          ))}
        </>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Indicatori degli sportelli – Aula' }];
