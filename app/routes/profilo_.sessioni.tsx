import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { sessionsForm } from '~/auth/forms';
import { getLocale, getSession, requireUser } from '~/auth/guards.server';
import { endSessions, listSessions } from '~/auth/signin.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { useI18n } from '~/i18n/i18n';
import { FormAlert } from '~/components/field';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const session = (await getSession({ request, context }))!;
  const sessions = await listSessions({ userId: user.id, currentSessionId: session.sessionId });
  return { sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const session = (await getSession({ request, context }))!;
  const parsed = parseForm(sessionsForm, await readForm({ request, context }), await getLocale({ request, context }));
  if (!parsed.data) return data({ ended: null as number | null }, { status: 400 });
  const result = await endSessions({ userId: user.id, currentSessionId: session.sessionId, ref: parsed.data.ref });
  return { ended: result.ended as number | null };
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, plural, dateTime } = useI18n();
  return (
    <div className="container my-5" style={{ maxWidth: '48rem' }}>
      <p>
        <Link to="/profilo">{t('profile.back')}</Link>
      </p>
      <h1>{t('sessions.title')}</h1>
      <p className="lead">{t('sessions.lead')}</p>
      {result?.ended !== null && result?.ended !== undefined ? <FormAlert kind="success">{plural('sessions.ended', result.ended)}</FormAlert> : null}
      <table className="table">
        <caption className="visually-hidden">{t('sessions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sessions.device')}</th>
            <th scope="col">{t('sessions.method')}</th>
            <th scope="col">{t('sessions.started')}</th>
            <th scope="col">{t('sessions.lastSeen')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('sessions.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.ref}>
              <td>
                {s.device ?? t('sessions.unknownDevice')}
                {s.current ? <strong className="ms-2">({t('sessions.current')})</strong> : null}
              </td>
              <td>{s.method === 'password' || !s.method ? t('sessions.method.password') : s.method}</td>
              <td>
                <time dateTime={s.createdAt}>{dateTime(s.createdAt)}</time>
              </td>
              <td>
                <time dateTime={s.lastSeenAt}>{dateTime(s.lastSeenAt)}</time>
              </td>
              <td>
                {s.current ? null : (
                  <Form method="post">
                    <input type="hidden" name="ref" value={s.ref} />
                    <button type="submit" className="btn btn-sm btn-outline-danger">
                      {t('sessions.end')} <span className="visually-hidden">{s.device ?? ''}</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="ref" value="others" />
          <button type="submit" className="btn btn-outline-danger">
            {t('sessions.endOthers')}
          </button>
        </Form>
      ) : null}
      <Form method="post" action="/logout" className="mt-3">
        <button type="submit" className="btn btn-link px-0">
          {t('sessions.endThis')}
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Sessioni attive – Aula' }];
