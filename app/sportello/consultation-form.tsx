/**
 * The consultation form, for recording and for correcting. Built for the keyboard: the fields an
 * operator changes every time come first; topics and cards (pre-filled from a card) and the optional
 * descriptors fold into <details>, which open without JavaScript and open by themselves on an error.
 */
import { Form } from '@remix-run/react';
import { CheckboxField, Field, FieldError, SelectField, TextAreaField } from '~/components/field';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { topicKey } from '~/library/components';
import { TOPICS } from '~/content/formats';
import { AGE_BANDS, NOTE_MAX, OUTCOMES, SEXES } from './forms';

export interface FormDefaults {
  sportello: string;
  occurredAt: string;
  topics: string[];
  cards: string[];
  outcome: string;
  referredOffice: string;
  mediation: boolean;
  mediationLanguage: string;
  nationality: string;
  sex: string;
  ageBand: string;
  visit: string;
  followUp: boolean;
  note: string;
}

export function emptyDefaults(occurredAt: string, sportello: string): FormDefaults {
  return {
    sportello,
    occurredAt,
    topics: [],
    cards: [],
    outcome: 'risolto',
    referredOffice: '',
    mediation: false,
    mediationLanguage: '',
    nationality: '',
    sex: '',
    ageBand: '',
    visit: '',
    followUp: false,
    note: '',
  };
}

/** The submitted fields, to show the form again as it was sent. */
export function defaultsFromForm(form: FormData): FormDefaults {
  const one = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)).slice(0, 600) : '');
  const many = (k: string) => form.getAll(k).filter((v): v is string => typeof v === 'string');
  return {
    sportello: one('sportello'),
    occurredAt: one('occurredAt'),
    topics: many('topics'),
    cards: many('cards'),
    outcome: one('outcome'),
    referredOffice: one('referredOffice'),
    mediation: one('mediation') === '1',
    mediationLanguage: one('mediationLanguage'),
    nationality: one('nationality'),
    sex: one('sex'),
    ageBand: one('ageBand'),
    visit: one('visit'),
    followUp: one('followUp') === '1',
    note: one('note'),
  };
}

interface Props {
  token?: string;
  defaults: FormDefaults;
  errors: Record<string, string>;
  sportelli: Array<{ id: string; name: string }>;
  cards: Array<{ slug: string; title: string }>;
  offices: Array<{ id: string; name: string }>;
  /** named on the server (Intl data differs between Node and browsers: no hydration mismatch) */
  countries: Array<{ value: string; label: string }>;
  languages: Array<{ value: string; label: string }>;
  submitLabel: string;
  /** from a card: topics and cards are pre-filled, so their panel stays closed */
  prefilled: boolean;
}

export function ConsultationForm({ token, defaults: d, errors, sportelli, cards, offices, countries, languages, submitLabel, prefilled }: Props) {
  const { t } = useI18n();
  const optionalOpen = Boolean(errors.nationality || errors.sex || errors.ageBand || errors.visit);
  const chosen = [...d.topics.map((x) => t(topicKey(x))), ...d.cards.map((c) => cards.find((k) => k.slug === c)?.title ?? c)].join('; ');
  return (
    <Form method="post" noValidate className="aula-card">
      {token ? <input type="hidden" name="token" value={token} /> : null}
      <div className="row">
        <SelectField
          className="mb-3 col-md-7"
          name="sportello"
          label={t('sportello.form.sportello')}
          defaultValue={d.sportello}
          options={sportelli.map((s) => ({ value: s.id, label: s.name }))}
          error={errors.sportello}
        />
        <Field
          className="mb-3 col-md-5"
          type="datetime-local"
          name="occurredAt"
          label={t('sportello.form.occurredAt')}
          hint={t('sportello.form.occurredAt.hint')}
          defaultValue={d.occurredAt}
          required
          error={errors.occurredAt}
        />
      </div>
      <fieldset className="mb-3" aria-describedby={errors.outcome ? 'outcome-error' : undefined}>
        <legend className="form-label fw-semibold fs-6">{t('sportello.form.outcome')}</legend>
        <div className="d-flex flex-wrap gap-3">
          {OUTCOMES.map((o) => (
            <div className="form-check" key={o}>
              <input className="form-check-input" type="radio" name="outcome" id={`outcome-${o}`} value={o} defaultChecked={d.outcome === o} />
              <label className="form-check-label" htmlFor={`outcome-${o}`}>
                {t(`sportello.outcome.${o}` as MessageKey)}
              </label>
            </div>
          ))}
        </div>
        <FieldError id="outcome-error" error={errors.outcome} />
      </fieldset>
      <div className="row">
        <SelectField
          className="mb-3 col-md-7"
          name="referredOffice"
          label={t('sportello.form.office')}
          hint={t('sportello.form.office.hint')}
          defaultValue={d.referredOffice}
          options={[{ value: '', label: t('sportello.form.office.none') }, ...offices.map((o) => ({ value: o.id, label: o.name }))]}
          error={errors.referredOffice}
        />
        <div className="col-md-5">
          <CheckboxField name="mediation" value="1" label={t('sportello.form.mediation')} defaultChecked={d.mediation} />
          <SelectField
            className="mb-3"
            name="mediationLanguage"
            label={t('sportello.form.language')}
            defaultValue={d.mediationLanguage}
            options={[{ value: '', label: t('sportello.form.language.none') }, ...languages]}
            error={errors.mediationLanguage}
          />
        </div>
      </div>
      <CheckboxField name="followUp" value="1" label={t('sportello.form.followUp')} defaultChecked={d.followUp} />
      <details className="mb-3" open={!prefilled || Boolean(errors.topics || errors.cards)}>
        <summary className="fw-semibold">
          {t('sportello.form.topicsCards')}
          {chosen ? `: ${chosen}` : ''}
        </summary>
        <FieldError id="topics-error" error={errors.topics ?? errors.cards} />
        <div className="row mt-2">
          <fieldset className="col-md-4">
            <legend className="fs-6 fw-semibold">{t('sportello.form.topics')}</legend>
            {TOPICS.map((x) => (
              <CheckboxField key={x} className="mb-1" id={`topic-${x}`} name="topics" value={x} label={t(topicKey(x))} defaultChecked={d.topics.includes(x)} />
            ))}
          </fieldset>
          <fieldset className="col-md-8">
            <legend className="fs-6 fw-semibold">{t('sportello.form.cards')}</legend>
            {cards.map((c) => (
              <CheckboxField key={c.slug} className="mb-1" id={`card-${c.slug}`} name="cards" value={c.slug} label={c.title} defaultChecked={d.cards.includes(c.slug)} />
            ))}
          </fieldset>
        </div>
      </details>
      <details className="mb-3" open={optionalOpen}>
        <summary className="fw-semibold">{t('sportello.form.optional')}</summary>
        <div className="row mt-2">
          <SelectField
            className="mb-3 col-md-6"
            name="nationality"
            label={t('sportello.form.nationality')}
            defaultValue={d.nationality}
            options={[{ value: '', label: t('sportello.form.notSaid') }, ...countries]}
            error={errors.nationality}
          />
          <SelectField
            className="mb-3 col-md-6"
            name="sex"
            label={t('sportello.form.sex')}
            defaultValue={d.sex}
            options={[{ value: '', label: t('sportello.form.notSaid') }, ...SEXES.map((s) => ({ value: s, label: t(`sportello.sex.${s}` as MessageKey) }))]}
            error={errors.sex}
          />
          <SelectField
            className="mb-3 col-md-6"
            name="ageBand"
            label={t('sportello.form.age')}
            defaultValue={d.ageBand}
            options={[{ value: '', label: t('sportello.form.notSaid') }, ...AGE_BANDS.map((a) => ({ value: a, label: a }))]}
            error={errors.ageBand}
          />
          <SelectField
            className="mb-3 col-md-6"
            name="visit"
            label={t('sportello.form.visit')}
            defaultValue={d.visit}
            options={[
              { value: '', label: t('sportello.form.notSaid') },
              { value: 'prima', label: t('sportello.visit.prima') },
              { value: 'ritorno', label: t('sportello.visit.ritorno') },
            ]}
            error={errors.visit}
          />
        </div>
      </details>
      <TextAreaField name="note" label={t('sportello.form.note')} hint={t('sportello.form.note.hint', { max: NOTE_MAX })} defaultValue={d.note} rows={2} error={errors.note} />
      <button type="submit" className="btn btn-primary">
        {submitLabel}
      </button>
    </Form>
  );
}
