import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getLocale, requireRole } from '~/auth/guards.server';
import { personActionForm } from '~/coordination/forms';
import { removePerson } from '~/coordination/people.server';
import { getPersonDetail, recordTraining } from '~/coordination/person.server';
import { httpError } from '~/http/errors.server';
import { readForm } from '~/http/form.server';
import { parseForm } from '~/utils/parse-form';
import { z } from '~/utils/zod';
import { translate, useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FormAlert } from '~/components/field';

const idParam = z.string().uuid();

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const id = idParam.safeParse(params.id);
  const person = id.success ? await getPersonDetail({ actorId: user.id, userId: id.data }) : null;
  if (!person) throw httpError(404, 'coord.error.outOfScope');
  return { person };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const locale = await getLocale({ request, context });
  const id = idParam.safeParse(params.id);
  if (!id.success) throw httpError(404, 'coord.error.outOfScope');
  const form = await readForm({ request, context });
  const parsed = parseForm(personActionForm, form, locale);
  if (!parsed.data) return data({ done: null as string | null, errors: parsed.errors }, { status: 400 });
  if (parsed.data.intent === 'remove') {
    const result = await removePerson({ actorId: user.id, userId: id.data });
    if (!result.ok) throw httpError(404, 'coord.error.outOfScope');
    return redirect('/coordinamento/persone?rimossa=1');
  }
  const { intent: _intent, ...input } = parsed.data;
  const file = form.get('attachment');
  const attachment = file instanceof File && file.size > 0 ? { fileName: file.name, declaredType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
  const result = await recordTraining({ actorId: user.id, userId: id.data, input, attachment });
  if (!result.ok) {
    if (result.reason === 'notFound') throw httpError(404, 'coord.error.outOfScope');
    return data(
      { done: null as string | null, errors: { attachment: translate(locale, `coord.person.training.${result.reason}`) } as Record<string, string> },
      { status: result.reason === 'attachmentTooLarge' ? 413 : 415 },
    );
  }
  return { done: 'training' as string | null, errors: {} as Record<string, string> };
}

export default function CoordinationPerson() {
  const { person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, number } = useI18n();
  const errors: Record<string, string> = result?.errors ?? {};
  const day = (d: string | null) => (d ? d.split('-').reverse().join('/') : '—');
  return (
    <div className="container my-5">
      <p>
        <Link to="/coordinamento/persone">{t('coord.person.back')}</Link>
      </p>
      <h1>{person.name}</h1>
      <p>
        {person.email}
        {person.invited ? ` · ${t('coord.person.invited')}` : ''}
      </p>
      <p>
        {t('coord.person.units')}: {person.units.map((u) => (u.jobTitle ? `${u.name} (${u.jobTitle})` : u.name)).join(', ')}
      </p>

      <section aria-labelledby="courses-title">
        <h2 id="courses-title" className="h3">
          {t('coord.person.courses')}
        </h2>
        {person.courses.length === 0 ? <p>{t('coord.person.courses.none')}</p> : null}
        {person.courses.map((c) => (
          <div key={c.courseId} className="mb-4">
            <h3 className="h4">
              {c.title}: {t(`coord.status.${c.status}` as MessageKey)}
            </h3>
            <p>
              {c.dueOn ? t('coord.person.due', { date: day(c.dueOn) }) : t('coord.person.noDue')}
              {c.exemption ? ` · ${t('coord.person.exemption', { reason: c.exemption })}` : ''}
            </p>
            {c.modules.some((m) => m.read) ? (
              <p data-testid="update-state">{c.modules.some((m) => m.toUpdate) ? t('update.coord.pending', { count: c.modules.filter((m) => m.toUpdate).length }) : t('update.coord.upToDate')}</p>
            ) : null}
            <div className="table-responsive">
              <table className="table table-sm">
                <caption className="visually-hidden">{c.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('coord.person.module')}</th>
                    <th scope="col">{t('coord.person.read')}</th>
                    <th scope="col">{t('coord.person.quiz')}</th>
                    <th scope="col">{t('coord.person.completed')}</th>
                    <th scope="col">{t('coord.person.attempts')}</th>
                    <th scope="col">{t('update.coord.column')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.modules.map((m) => (
                    <tr key={m.documentId}>
                      <th scope="row">{m.title}</th>
                      <td>{day(m.read)}</td>
                      <td>{day(m.quizPassed)}</td>
                      <td>{day(m.completed)}</td>
                      <td>{m.attempts.map((a) => `${a.attemptNo}: ${a.percent === null ? '—' : `${number(a.percent)}%`}`).join(' · ') || '—'}</td>
                      <td>{m.toUpdate ? <span className="aula-status todo">{t('update.status')}</span> : m.read ? t('update.coord.ok') : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>

      <section aria-labelledby="law-updates-title" className="mt-4">
        <h2 id="law-updates-title" className="h3">
          {t('update.coord.person.title')}
        </h2>
        {person.lawUpdates.length === 0 ? (
          <p>{t('update.coord.person.none')}</p>
        ) : (
          <table className="table table-sm">
            <caption className="visually-hidden">{t('update.coord.person.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('update.coord.col.module')}</th>
                <th scope="col">{t('update.coord.col.summary')}</th>
                <th scope="col">{t('update.coord.col.state')}</th>
                <th scope="col">{t('update.coord.col.due')}</th>
              </tr>
            </thead>
            <tbody>
              {person.lawUpdates.map((u) => (
                <tr key={u.versionId} data-testid="person-law-update">
                  <th scope="row">
                    <Link to={`/coordinamento/aggiornamenti/${u.versionId}`}>{u.moduleTitle}</Link> <span className="small fw-normal">(v. {u.versionNo})</span>
                  </th>
                  <td lang="it">{u.summary}</td>
                  <td>
                    <span className={`aula-status ${u.state === 'upToDate' ? 'done' : 'todo'}`}>{t(`update.coord.state.${u.state}`)}</span>
                  </td>
                  <td>{day(u.dueOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="certificates-title" className="mt-4">
        <h2 id="certificates-title" className="h3">
          {t('coord.person.certificates')}
        </h2>
        {person.certificates.length === 0 ? (
          <p>{t('coord.person.certificates.none')}</p>
        ) : (
          <ul>
            {person.certificates.map((c) => (
              <li key={c.code}>
                {c.courseTitle} · {day(c.issuedOn)} · <Link to={`/certificati/verifica/${c.code}`}>{c.code}</Link>
                {c.revoked ? ` (${t('coord.person.revoked')})` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ledger-title" className="mt-4">
        <h2 id="ledger-title" className="h3">
          {t('coord.person.ledger')}
        </h2>
        <p>{t('coord.person.ledger.summary', { year: person.year, hours: number(person.hoursThisYear), target: person.target })}</p>
        {person.ledger.length === 0 ? (
          <p>{t('coord.person.ledger.none')}</p>
        ) : (
          <table className="table table-sm">
            <caption className="visually-hidden">{t('coord.person.ledger')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('coord.person.ledger.date')}</th>
                <th scope="col">{t('coord.person.ledger.title')}</th>
                <th scope="col">{t('coord.person.ledger.provider')}</th>
                <th scope="col" className="text-end">
                  {t('coord.person.ledger.hours')}
                </th>
              </tr>
            </thead>
            <tbody>
              {person.ledger.map((l, i) => (
                <tr key={i}>
                  <td>{day(l.day)}</td>
                  <td>
                    {l.title} <span className="small">({t(`coord.person.ledger.kind.${l.kind}`)})</span>
                    {l.recordId && l.attachment ? (
                      <>
                        {' · '}
                        <a href={`/coordinamento/persone/${person.id}/attestati/${l.recordId}`} download>
                          {t('coord.person.training.download', { name: l.attachment })}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>{l.provider}</td>
                  <td className="text-end">{number(l.hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h3 className="h4 mt-4">{t('coord.person.training')}</h3>
        {result?.done === 'training' ? <FormAlert kind="success">{t('coord.person.training.done')}</FormAlert> : null}
        <Form method="post" encType="multipart/form-data" noValidate className="aula-card" style={{ maxWidth: '40rem' }}>
          <input type="hidden" name="intent" value="training" />
          <Field name="title" label={t('coord.person.training.title')} required maxLength={200} error={errors.title} />
          <Field name="provider" label={t('coord.person.training.provider')} required maxLength={200} error={errors.provider} />
          <Field name="completedOn" type="date" label={t('coord.person.training.date')} required error={errors.completedOn} />
          <Field name="hours" label={t('coord.person.training.hours')} required inputMode="decimal" error={errors.hours} />
          <Field
            name="attachment"
            type="file"
            label={t('coord.person.training.attachment')}
            hint={t('coord.person.training.attachment.hint')}
            accept="application/pdf,image/png,image/jpeg"
            error={errors.attachment}
          />
          <button type="submit" className="btn btn-primary">
            {t('coord.person.training.submit')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="remove-title" className="mt-5">
        <h2 id="remove-title" className="h3">
          {t('coord.person.remove')}
        </h2>
        <p>{t('coord.person.remove.hint')}</p>
        <Form method="post">
          <button type="submit" name="intent" value="remove" className="btn btn-outline-danger">
            {t('coord.person.remove')}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Persona – Coordinamento – Aula' }];
