import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';
import { parseForm } from '~/utils/parse-form';
import { consultationForm, MULTI_FIELDS } from '~/sportello/forms';
import { consultationFormOptions, correctConsultation, getConsultation } from '~/sportello/register.server';
import { toLocalInput } from '~/sportello/time';
import { countryOptions, languageOptions } from '~/sportello/countries';
import { ConsultationForm, defaultsFromForm, type FormDefaults } from '~/sportello/consultation-form';
import { FormAlert } from '~/components/field';
import { useT, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'operatore');
  const locale = await getLocale({ request, context });
  const row = await getConsultation({ user, id: params.id ?? '' });
  if (!row) throw httpError(404, 'error.notFound.consultation');
  const options = await consultationFormOptions({ user });
  const defaults: FormDefaults = {
    sportello: row.sportelloId,
    occurredAt: toLocalInput(row.occurredAt),
    topics: row.topics,
    cards: row.cards,
    outcome: row.outcome,
    referredOffice: row.referredOfficeId ?? '',
    mediation: row.mediation,
    mediationLanguage: row.mediationLanguage ?? '',
    nationality: row.nationality ?? '',
    sex: row.sex ?? '',
    ageBand: row.ageBand ?? '',
    visit: row.firstVisit === null ? '' : row.firstVisit ? 'prima' : 'ritorno',
    followUp: Boolean(row.followUpCode),
    note: row.note ?? '',
  };
  return {
    ...options,
    countries: countryOptions(locale),
    languages: languageOptions(locale),
    cards: options.cards.map((c) => ({ slug: c.slug, title: c.title })),
    defaults,
    followUpCode: row.followUpCode,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'operatore');
  const form = await readForm({ request, context });
  // A correction keeps the row's identity: the token field only satisfies the shared schema.
  form.set('token', 'correzione-senza-token');
  const parsed = parseForm(consultationForm, form, await getLocale({ request, context }), MULTI_FIELDS);
  const values = defaultsFromForm(form);
  if (!parsed.data) return data({ errors: parsed.errors, refused: null as MessageKey | null, values }, { status: 400 });
  const result = await correctConsultation({ user, id: params.id ?? '', input: parsed.data });
  if (!result.ok)
    return data({ errors: {} as Record<string, string>, refused: `sportello.refused.${result.reason}` as MessageKey | null, values }, { status: result.reason === 'notFound' ? 404 : 400 });
  throw redirect(`/sportello?corretta=${params.id}${result.audited ? '&annotata=1' : ''}`);
}

export default function CorrectConsultation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="container my-5">
      <p>
        <Link to="/sportello">{t('sportello.form.back')}</Link>
      </p>
      <h1>{t('sportello.form.editTitle')}</h1>
      <p>{t('sportello.form.lead')}</p>
      {page.followUpCode ? <p className="fw-semibold">{t('sportello.day.followUp', { code: page.followUpCode })}</p> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      <ConsultationForm
        defaults={result?.values ?? page.defaults}
        errors={result?.errors ?? {}}
        sportelli={page.sportelli}
        cards={page.cards}
        offices={page.offices}
        countries={page.countries}
        languages={page.languages}
        submitLabel={t('sportello.form.save')}
        prefilled={!result}
      />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Correggi la consulenza – Sportello – Aula' }];
