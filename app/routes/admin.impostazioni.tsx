import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { issuerForm, settingsForm } from '~/admin/forms';
import { listActiveOrganisations } from '~/admin/organisations.server';
import { getSettings, listIssuers, saveSettings } from '~/admin/settings.server';
import { callbackUrl } from '~/auth/oidc.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { CheckboxField, Field, FormAlert, SelectField } from '~/components/field';
import { listStudioCourses } from '~/studio/review.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'admin');
  const [settings, issuers, organisations, courses] = await Promise.all([getSettings(), listIssuers(), listActiveOrganisations(), listStudioCourses()]);
  return {
    settings: { ...settings, oidcIssuers: undefined },
    issuers: issuers.map((i) => ({
      id: i.id,
      label: i.label,
      issuer: i.issuer,
      clientId: i.clientId,
      kind: i.kind,
      source: i.source,
      hasSecret: Boolean(i.clientSecret),
      callback: callbackUrl(i.id),
    })),
    organisations,
    courses,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole({ request, context }, 'admin');
  const locale = await getLocale({ request, context });
  const form = await readForm({ request, context });
  const intent = form.get('intent');
  if (intent === 'addIssuer' || intent === 'removeIssuer') {
    const parsed = parseForm(issuerForm, form, locale);
    if (!parsed.data) return data({ done: null as string | null, refused: null as MessageKey | null, errors: parsed.errors }, { status: 400 });
    const current = (await getSettings()).oidcIssuers;
    const f = parsed.data;
    if (f.intent === 'addIssuer') {
      if ((await listIssuers()).some((i) => i.id === f.id))
        return data({ done: null, refused: 'admin.settings.issuer.duplicate' as MessageKey | null, errors: {} as Record<string, string> }, { status: 409 });
      const next = [...current, { id: f.id, label: f.label, issuer: f.issuer, clientId: f.clientId, clientSecret: f.clientSecret || undefined, kind: f.kind, scopes: f.scopes || undefined }];
      await saveSettings({ actorId: admin.id, values: { oidcIssuers: next } });
    } else {
      await saveSettings({ actorId: admin.id, values: { oidcIssuers: current.filter((i) => i.id !== f.id) } });
    }
    return { done: f.intent as string | null, refused: null, errors: {} as Record<string, string> };
  }
  const parsed = parseForm(settingsForm, form, locale, ['reviewCourses']);
  if (!parsed.data) return data({ done: null, refused: null, errors: parsed.errors }, { status: 400 });
  const f = parsed.data;
  const result = await saveSettings({
    actorId: admin.id,
    values: {
      siteName: f.siteName,
      supportContact: f.supportContact,
      libraryPublic: f.libraryPublic === 'on',
      defaultYearlyHours: f.defaultYearlyHours,
      totpRequiredForStaff: f.totpRequiredForStaff === 'on',
      passwordsForSsoUsers: f.passwordsForSsoUsers === 'on',
      provisioning: f.provisioning,
      provisioningOrganisationId: f.provisioningOrganisationId ?? null,
      retentionYears: f.retentionYears,
      reviewCourses: await knownCourses(f.reviewCourses),
      reviewLibrary: f.reviewLibrary === 'on',
    },
  });
  if (!result.ok) return data({ done: null, refused: null, errors: { [result.key]: 'form.invalid' } as Record<string, string> }, { status: 400 });
  return { done: 'save' as string | null, refused: null, errors: {} as Record<string, string> };
}

/** Only courses that exist are kept (a forged slug is dropped). */
async function knownCourses(slugs: string[]) {
  const known = new Set((await listStudioCourses()).map((c) => c.slug));
  return [...new Set(slugs)].filter((s) => known.has(s));
}

export default function Settings() {
  const { settings, issuers, organisations, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '52rem' }}>
      <p>
        <Link to="/admin">{t('admin.back')}</Link>
      </p>
      <h1>{t('admin.settings.title')}</h1>
      {result?.done ? <FormAlert kind="success">{t(`admin.settings.done.${result.done}` as MessageKey)}</FormAlert> : null}
      {result?.refused ? <FormAlert kind="error">{t(result.refused)}</FormAlert> : null}
      <Form method="post" noValidate className="aula-card">
        <input type="hidden" name="intent" value="save" />
        <h2 className="h4">{t('admin.settings.site')}</h2>
        <Field name="siteName" label={t('admin.settings.siteName')} hint={t('admin.settings.siteName.hint')} defaultValue={settings.siteName} error={errors.siteName} />
        <Field name="supportContact" label={t('admin.settings.support')} hint={t('admin.settings.support.hint')} defaultValue={settings.supportContact} error={errors.supportContact} />
        <CheckboxField name="libraryPublic" label={t('admin.settings.libraryPublic')} hint={t('admin.settings.libraryPublic.hint')} defaultChecked={settings.libraryPublic} />
        <Field
          name="defaultYearlyHours"
          label={t('admin.settings.yearlyHours')}
          hint={t('admin.settings.yearlyHours.hint')}
          inputMode="numeric"
          defaultValue={String(settings.defaultYearlyHours)}
          error={errors.defaultYearlyHours}
        />
        <h2 className="h4 mt-4">{t('admin.settings.security')}</h2>
        <CheckboxField name="totpRequiredForStaff" label={t('admin.settings.totpRequired')} hint={t('admin.settings.totpRequired.hint')} defaultChecked={settings.totpRequiredForStaff} />
        <CheckboxField name="passwordsForSsoUsers" label={t('admin.settings.passwordsForSso')} hint={t('admin.settings.passwordsForSso.hint')} defaultChecked={settings.passwordsForSsoUsers} />
        <SelectField
          name="provisioning"
          label={t('admin.settings.provisioning')}
          defaultValue={settings.provisioning}
          options={[
            { value: 'link-only', label: t('admin.settings.provisioning.link') },
            { value: 'create-learner', label: t('admin.settings.provisioning.create') },
          ]}
        />
        <SelectField
          name="provisioningOrganisationId"
          label={t('admin.settings.provisioningOrg')}
          defaultValue={settings.provisioningOrganisationId ?? ''}
          error={errors.provisioningOrganisationId}
          options={[{ value: '', label: t('admin.users.none') }, ...organisations.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <h2 className="h4 mt-4">{t('admin.settings.privacy')}</h2>
        <Field
          name="retentionYears"
          label={t('admin.settings.retention')}
          hint={t('admin.settings.retention.hint')}
          inputMode="numeric"
          defaultValue={String(settings.retentionYears)}
          error={errors.retentionYears}
        />
        <fieldset className="mt-4">
          <legend className="h4">{t('review.settings.title')}</legend>
          <p id="review-courses-hint">{t('review.settings.hint')}</p>
          {courses.map((c) => (
            <CheckboxField
              key={c.slug}
              id={`reviewCourses-${c.slug}`}
              name="reviewCourses"
              value={c.slug}
              label={t('review.settings.course', { title: c.title })}
              defaultChecked={settings.reviewCourses.includes(c.slug)}
            />
          ))}
          <CheckboxField name="reviewLibrary" label={t('review.settings.library')} defaultChecked={settings.reviewLibrary} />
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t('admin.settings.save')}
        </button>
      </Form>

      <section aria-labelledby="issuers-title" className="mt-5">
        <h2 id="issuers-title" className="h3">
          {t('admin.settings.issuers')}
        </h2>
        <p>{t('admin.settings.issuers.lead')}</p>
        {issuers.length ? (
          <table className="table">
            <caption className="visually-hidden">{t('admin.settings.issuers')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.settings.issuer.label')}</th>
                <th scope="col">{t('admin.settings.issuer.url')}</th>
                <th scope="col">{t('admin.settings.issuer.kind')}</th>
                <th scope="col">{t('admin.settings.issuer.callback')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {issuers.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.label} <code>{i.id}</code>
                  </td>
                  <td className="text-break">{i.issuer}</td>
                  <td>{t(`admin.settings.issuer.kind.${i.kind}` as MessageKey)}</td>
                  <td className="text-break small">
                    <code>{i.callback}</code>
                  </td>
                  <td>
                    {i.source === 'env' ? (
                      t('admin.settings.issuer.fromEnv')
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="removeIssuer" />
                        <input type="hidden" name="id" value={i.id} />
                        <button type="submit" className="btn btn-sm btn-outline-danger">
                          {t('admin.settings.issuer.remove')} <span className="visually-hidden">{i.label}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('admin.settings.issuers.none')}</p>
        )}
        <h3 className="h4">{t('admin.settings.issuer.add')}</h3>
        <Form method="post" noValidate className="aula-card">
          <input type="hidden" name="intent" value="addIssuer" />
          <Field name="id" id="issuer-id" label={t('admin.settings.issuer.id')} hint={t('admin.settings.issuer.id.hint')} required error={errors.id} />
          <Field name="label" id="issuer-label" label={t('admin.settings.issuer.label')} required error={errors.label} />
          <Field name="issuer" id="issuer-url" type="url" label={t('admin.settings.issuer.url')} required error={errors.issuer} />
          <Field name="clientId" id="issuer-client" label={t('admin.settings.issuer.clientId')} required error={errors.clientId} />
          <Field name="clientSecret" id="issuer-secret" type="password" autoComplete="off" label={t('admin.settings.issuer.clientSecret')} error={errors.clientSecret} />
          <SelectField
            name="kind"
            id="issuer-kind"
            label={t('admin.settings.issuer.kind')}
            defaultValue="generic"
            options={(['generic', 'spid', 'cie', 'spid-cie'] as const).map((k) => ({ value: k, label: t(`admin.settings.issuer.kind.${k}` as MessageKey) }))}
          />
          <Field name="scopes" id="issuer-scopes" label={t('admin.settings.issuer.scopes')} hint={t('admin.settings.issuer.scopes.hint')} error={errors.scopes} />
          <button type="submit" className="btn btn-primary">
            {t('admin.settings.issuer.add')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Impostazioni – Aula' }];
