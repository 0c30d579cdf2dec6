import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { imageSnippet, listImages, storeImage, type UploadRefusal } from '~/media/images.server';
import { ALT_MAX_CHARS } from '~/media/constants';
import { Field, FormAlert } from '~/components/field';
import { useI18n, type MessageKey } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  return { images: await listImages() };
}

type Result = { error: MessageKey; field?: 'file' | 'alt' } | { snippet: string; created: boolean };
const STATUS: Record<UploadRefusal, number> = { missing: 400, tooLarge: 413, svg: 415, type: 415, mislabelled: 415, alt: 400 };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'lecturer');
  const form = await readForm({ request, context });
  const file = form.get('file');
  const alt = form.get('alt');
  const result = await storeImage({
    actorId: user.id,
    fileName: file instanceof File ? file.name : '',
    declaredType: file instanceof File ? file.type : '',
    bytes: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(),
    alt: typeof alt === 'string' ? alt : '',
  });
  if (!result.ok) return data<Result>({ error: `media.error.${result.reason}`, field: result.reason === 'alt' ? 'alt' : 'file' }, { status: STATUS[result.reason] });
  return data<Result>({ snippet: imageSnippet((alt as string).replace(/\s+/g, ' ').trim(), result.url), created: result.created });
}

export default function StudioImages() {
  const { images } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, number } = useI18n();
  const error = result && 'error' in result ? result : null;
  return (
    <div className="container my-5">
      <p>
        <Link to="/studio">{t('studio.back')}</Link>
      </p>
      <h1>{t('media.title')}</h1>
      <p className="lead">{t('media.lead')}</p>
      {error ? <FormAlert kind="error">{t(error.error)}</FormAlert> : null}
      {result && 'snippet' in result ? (
        <FormAlert kind="success">
          {t(result.created ? 'media.uploaded' : 'media.already')}
          <code className="d-block mt-2">{result.snippet}</code>
        </FormAlert>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="aula-card mb-5" style={{ maxWidth: '40rem' }}>
        <Field name="file" type="file" label={t('media.file')} hint={t('media.rules')} accept="image/png,image/jpeg,image/webp" required error={error?.field === 'file' ? t(error.error) : null} />
        <Field name="alt" label={t('media.alt')} hint={t('media.alt.hint')} maxLength={ALT_MAX_CHARS} required error={error?.field === 'alt' ? t(error.error) : null} />
        <button type="submit" className="btn btn-primary">
          {t('media.upload')}
        </button>
      </Form>
      <h2 className="h3">{t('media.list')}</h2>
      {images.length === 0 ? (
        <p>{t('media.none')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table">
            <caption className="visually-hidden">{t('media.list')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('media.col.preview')}</th>
                <th scope="col">{t('media.col.alt')}</th>
                <th scope="col">{t('media.col.snippet')}</th>
                <th scope="col" className="text-end">
                  {t('media.col.size')}
                </th>
              </tr>
            </thead>
            <tbody>
              {images.map((i) => (
                <tr key={i.hash}>
                  <td>
                    <img src={i.url} alt={i.alt} width={96} loading="lazy" />
                  </td>
                  <td>{i.alt}</td>
                  <td>
                    <code>{i.snippet}</code>
                  </td>
                  <td className="text-end">{number(Math.ceil(i.size / 1024))} KB</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Immagini – Studio – Aula' }];
