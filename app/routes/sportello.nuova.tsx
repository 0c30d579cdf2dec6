import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { consultationForm, MULTI_FIELDS } from '~/sportello/forms';
import { consultationFormOptions, newFormToken, recordConsultation } from '~/sportello/register.server';
import { toLocalInput } from '~/sportello/time';
import { countryOptions, languageOptions } from '~/sportello/countries';
import { ConsultationForm, defaultsFromForm, emptyDefaults, type FormDefaults } from '~/sportello/consultation-form';
import { FormAlert } from '~/components/field';
import { useT, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'operatore');
  const locale = await getLocale({ request, context });
  const options = await consultationFormOptions({ user });
  // From a library card: the card and its topics are pre-filled (an unknown card is simply ignored).
  const slug = new URL(request.url).searchParams.get('scheda');
  const card = slug ? (options.cards.find((c) => c.slug === slug) ?? null) : null;
  const defaults = emptyDefaults(toLocalInput(new Date()), options.sportelli[0]?.id ?? '');
  if (card) Object.assign(defaults, { cards: [card.slug], topics: card.topics });
  return {
    ...options,
    countries: countryOptions(locale),
    languages: languageOptions(locale),
    cards: options.cards.map((c) => ({ slug: c.slug, title: c.title })),
    token: newFormToken(),
    defaults,
    card: card ? { slug: card.slug, title: card.title } : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'operatore');
  const form = await readForm({ request, context });
  const parsed = parseForm(consultationForm, form, await getLocale({ request, context }), MULTI_FIELDS);
  const values = defaultsFromForm(form);
  if (!parsed.data) return data({ errors: parsed.errors, refused: null as MessageKey | null, values }, { status: 400 });
  const result = await recordConsultation({ user, input: parsed.data });
  if (!result.ok)
    return data({ errors: {} as Record<string, string>, refused: `sportello.refused.${result.reason}` as MessageKey | null, values }, { status: result.reason === 'tokenUsed' ? 409 : 400 });
  throw redirect(`/sportello?${result.duplicate ? 'gia' : 'registrata'}=${result.id}`);
}

export default function NewConsultation() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const defaults: FormDefaults = result?.values ?? page.defaults;
  return (
    <div className="container my-5">
      <p>
        <Link to="/sportello">{t('sportello.form.back')}</Link>
      </p>
      <h1>{t('sportello.form.title')}</h1>
      {page.card ? <p className="fw-semibold">{t('sportello.form.fromCard', { title: page.card.title })}</p> : null}
      <p>{t('sportello.form.lead')}</p>
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      {page.sportelli.length ? (
        <ConsultationForm
          token={page.token}
          defaults={defaults}
          errors={result?.errors ?? {}}
          sportelli={page.sportelli}
          cards={page.cards}
          offices={page.offices}
          countries={page.countries}
          languages={page.languages}
          submitLabel={t('sportello.form.submit')}
          prefilled={Boolean(page.card) && !result}
        />
      ) : (
        <FormAlert kind="error">{t('sportello.day.noSportello')}</FormAlert>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Registra una consulenza – Sportello – Aula' }];
