import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { getConsultation, myConsultations, operatorSportelli } from '~/sportello/register.server';
import { FormAlert } from '~/components/field';
import { formatDateTime, useI18n, type MessageKey } from '~/i18n/i18n';
import { topicKey } from '~/library/components';
import { languageName } from '~/sportello/countries';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'operatore');
  const locale = await getLocale({ request, context });
  const hour = new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { timeStyle: 'short', timeZone: 'Europe/Rome' });
  const url = new URL(request.url);
  const justId = url.searchParams.get('registrata') ?? url.searchParams.get('gia') ?? url.searchParams.get('corretta');
  const [day, sportelli, just] = await Promise.all([myConsultations({ user }), operatorSportelli({ user }), justId ? getConsultation({ user, id: justId }) : null]);
  const notice: MessageKey | null = !just
    ? null
    : url.searchParams.has('registrata')
      ? 'sportello.day.recorded'
      : url.searchParams.has('gia')
        ? 'sportello.day.already'
        : url.searchParams.get('annotata') === '1'
          ? 'sportello.day.correctedAudited'
          : 'sportello.day.corrected';
  const row = (r: Awaited<ReturnType<typeof myConsultations>>['week'][number]) => ({
    id: r.id,
    // Times and names written on the server: the browser's Intl data may differ (no hydration mismatch).
    time: hour.format(r.occurredAt),
    when: formatDateTime(r.occurredAt, locale),
    sportello: r.sportello,
    topics: r.topics,
    cards: r.cards,
    outcome: r.outcome,
    mediationLanguage: r.mediation && r.mediationLanguage ? languageName(r.mediationLanguage, locale) : null,
    followUpCode: r.followUpCode,
  });
  return { today: day.today.map(row), week: day.week.map(row), hasSportelli: sportelli.length > 0, notice, followUpCode: just?.followUpCode ?? null };
}

type Row = Awaited<ReturnType<typeof loader>>['today'][number];

export default function MyDay() {
  const page = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="container my-5">
      <h1>{t('sportello.day.title')}</h1>
      <p className="lead">{t('sportello.day.lead')}</p>
      {page.notice ? (
        <FormAlert kind="success">
          {t(page.notice)}
          {page.followUpCode ? <strong className="d-block mt-1">{t('sportello.day.followUp', { code: page.followUpCode })}</strong> : null}
        </FormAlert>
      ) : null}
      {page.hasSportelli ? (
        <p className="d-flex flex-wrap gap-3">
          <Link to="/sportello/nuova" className="btn btn-primary">
            {t('sportello.record')}
          </Link>
          <Link to="/sportello/indicatori" className="btn btn-outline-primary">
            {t('sportello.day.indicators')}
          </Link>
        </p>
      ) : (
        <FormAlert kind="error">{t('sportello.day.noSportello')}</FormAlert>
      )}
      <Table id="oggi" title={t('sportello.day.today')} rows={page.today} time={(r) => r.time} />
      <Table id="settimana" title={t('sportello.day.week')} rows={page.week} time={(r) => r.when} />
    </div>
  );
}

function Table({ id, title, rows, time }: { id: string; title: string; rows: Row[]; time: (r: Row) => string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="mt-4">
      <h2 id={id}>
        {title} <span className="badge bg-secondary">{rows.length}</span>
      </h2>
      {rows.length ? (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sportello.col.time')}</th>
                <th scope="col">{t('sportello.col.sportello')}</th>
                <th scope="col">{t('sportello.col.topics')}</th>
                <th scope="col">{t('sportello.col.outcome')}</th>
                <th scope="col">{t('sportello.col.mediation')}</th>
                <th scope="col">{t('sportello.col.code')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('sportello.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{time(r)}</td>
                  <td>{r.sportello}</td>
                  <td>{r.topics.map((x) => t(topicKey(x))).join(', ')}</td>
                  <td>{t(`sportello.outcome.${r.outcome}` as MessageKey)}</td>
                  <td>{r.mediationLanguage ?? '—'}</td>
                  <td>{r.followUpCode ?? ''}</td>
                  <td>
                    <Link to={`/sportello/consulenze/${r.id}`}>
                      {t('sportello.correct')}
                      <span className="visually-hidden">
                        {' '}
                        {time(r)}, {r.sportello}
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sportello.day.none')}</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'La mia giornata – Sportello – Aula' }];
