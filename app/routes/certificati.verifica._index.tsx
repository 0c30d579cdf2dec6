import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { normalizeCertificateCode } from '~/certificates/code';
import { Field } from '~/components/field';
import { useT } from '~/i18n/i18n';

/**
 * Public form: a typed code (any case, with or without dashes or spaces) leads to the canonical
 * verification page. A GET form, so it works without JavaScript and the result can be bookmarked.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('codice');
  if (typed === null) return { typed: '', invalid: false };
  const canonical = normalizeCertificateCode(typed);
  if (canonical) throw redirect(`/certificati/verifica/${canonical}`);
  return data({ typed: typed.slice(0, 64), invalid: true }, { status: 400 });
}

export default function VerifyForm() {
  const { typed, invalid } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5" style={{ maxWidth: '40rem' }}>
      <h1>{t('cert.verify.title')}</h1>
      <p className="lead">{t('cert.verify.lead')}</p>
      <Form method="get" className="aula-card" noValidate>
        <Field
          name="codice"
          label={t('cert.verify.code')}
          hint={t('cert.verify.hint')}
          error={invalid ? t('cert.verify.invalidCode') : undefined}
          required
          defaultValue={typed}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
        />
        <button type="submit" className="btn btn-primary">
          {t('cert.verify.submit')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Verifica di un attestato – Aula' }];
