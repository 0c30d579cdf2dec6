import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { newCardForm } from '~/studio/forms';
import { createCard } from '~/studio/documents.server';
import { Field, FormAlert } from '~/components/field';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const locale = await getLocale({ request, context });
  const parsed = parseForm(newCardForm, await readForm({ request, context }), locale);
  if (!parsed.data) return data({ message: 'form.invalid' as MessageKey, errors: parsed.errors }, { status: 400 });
  const r = await createCard({ slug: parsed.data.slug, title: parsed.data.title, actorId: user.id });
  if (r.ok) return redirect(`/studio/moduli/${r.documentId}`);
  const message: MessageKey = r.reason === 'exists' ? 'studioLib.add.exists' : r.reason === 'reserved' ? 'studioLib.add.reserved' : 'form.invalid';
  return data({ message, errors: { slug: translate(locale, message) } as Record<string, string> }, { status: r.reason === 'exists' ? 409 : 400 });
}

export default function NewCard() {
  const result = useActionData<typeof action>();
  const { t } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="container my-5" style={{ maxWidth: '48rem' }}>
      <p>
        <Link to="/studio">{t('studio.back')}</Link>
      </p>
      <h1>{t('studioLib.add.title')}</h1>
      <p>{t('studioLib.add.done')}</p>
      {result?.message ? <FormAlert kind="error">{t(result.message)}</FormAlert> : null}
      <Form method="post" noValidate className="aula-card">
        <Field name="slug" label={t('studioLib.add.slug')} required maxLength={80} error={errors.slug} />
        <Field name="title" label={t('studioLib.add.titleField')} required maxLength={200} error={errors.title} />
        <button type="submit" className="btn btn-primary">
          {t('studioLib.add.submit')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Studio: aggiungi una scheda – Aula' }];
