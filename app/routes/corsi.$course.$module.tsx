import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { requireUser } from '~/auth/guards.server';
import { getModulePage } from '~/courses/courses.server';
import { bodyRef } from '~/content/body.server';
import { ContentBody } from '~/content/body';
import { markModuleRead } from '~/progress/progress.server';
import { formatDate, useLocale, useT, sameWords } from '~/i18n/i18n';
import { ModuleStatusBadge } from '~/components/module-status';
import { readForm } from '~/http/form.server';
import { httpError } from '~/http/errors.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const page = await getModulePage({ userId: user.id, courseSlug: params.course!, moduleSlug: params.module! });
  if (!page) throw httpError(404, 'error.notFound.module');
  const { html, bodyHash, ...rest } = page;
  return { ...rest, body: bodyRef(context, bodyHash, html) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser({ request, context });
  const form = await readForm({ request, context });
  if (form.get('intent') !== 'read') throw httpError(400, 'error.action');
  const done = await markModuleRead({ userId: user.id, courseSlug: params.course!, moduleSlug: params.module! });
  if (!done) throw httpError(404, 'error.notFound.module');
  return redirect(`/corsi/${params.course}/${params.module}#stato`);
}

export default function ModulePage() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== 'idle';
  const m = page.module;
  return (
    <div className="container my-5">
      <nav aria-label={t('module.breadcrumb')} className="mb-3 small">
        <Link to="/corsi">{t('courses.title')}</Link> › <Link to={`/corsi/${page.course.slug}`}>{page.course.title}</Link>
      </nav>
      <div className="row">
        <div className="col-lg-8">
          {m.isFinalExam && sameWords(m.title, t('course.finalExam')) ? null : (
            <p className="mb-1 text-uppercase small fw-semibold">{m.isFinalExam ? t('course.finalExam') : `${t('module.label')} ${m.position}`}</p>
          )}
          <h1>{m.title}</h1>
          {m.update?.needsRead ? (
            <div className="alert alert-warning" role="note">
              <p className="mb-1">{t('update.module.banner')}</p>
              <ul className="mb-1">
                {m.update.changes.map((c) => (
                  <li key={c.versionNo} lang="it">
                    {c.summary}
                  </li>
                ))}
              </ul>
              <Link to={`/corsi/${page.course.slug}/${m.slug}/aggiornamento`}>{t('update.notice.diff')}</Link>
            </div>
          ) : null}
          <p className="lead">{m.summary}</p>
          <p className="small">
            {m.estimatedMinutes} {t('course.minutes')} · {t('module.reviewed')} <time dateTime={m.reviewedAt}>{formatDate(m.reviewedAt, locale)}</time> · {t('module.version')} {m.versionNo}
          </p>
          <section aria-labelledby="obiettivi" className="aula-card mb-4">
            <h2 id="obiettivi" className="h5">
              {t('module.objectives')}
            </h2>
            <ul className="mb-0">
              {m.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          <ContentBody className="aula-prose" body={page.body} />
          <section aria-labelledby="fonti" className="mt-5">
            <h2 id="fonti">{t('module.sources')}</h2>
            <ul>
              {page.sources.map((s) => (
                <li key={`${s.act}-${s.article}`}>
                  <strong>{s.article ? `art. ${s.article} ${s.act}` : s.act}</strong>
                  {s.note ? ` – ${s.note}` : ''}
                </li>
              ))}
            </ul>
          </section>
          <section id="stato" aria-labelledby="stato-titolo" className="aula-card mt-4">
            <h2 id="stato-titolo" className="h5 d-flex gap-3 align-items-center">
              {t('courses.progress')} <ModuleStatusBadge module={m} />
            </h2>
            {m.status.readAt && !m.update?.needsRead ? (
              <p className="mb-0">
                {t('module.read')} {formatDate(m.status.readAt, locale)}.
              </p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="read" />
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {t('module.markRead')}
                </button>
              </Form>
            )}
            {page.quiz ? (
              <p className="mt-3 mb-0">
                <Link className="btn btn-outline-primary" to={`/corsi/${page.course.slug}/${m.slug}/quiz`}>
                  {t('module.quizCta')}
                  {m.status.quizPassedAt ? ` (${t('course.status.quiz').toLowerCase()})` : ''}
                </Link>
              </p>
            ) : null}
          </section>
          <nav aria-label={t('courses.modules')} className="d-flex justify-content-between flex-wrap gap-3 mt-5">
            {page.prev ? (
              <Link to={`/corsi/${page.course.slug}/${page.prev.slug}`} rel="prev">
                ← {t('module.prev')}: {page.prev.title}
              </Link>
            ) : (
              <span />
            )}
            {page.next ? (
              <Link to={`/corsi/${page.course.slug}/${page.next.slug}`} rel="next">
                {t('module.next')}: {page.next.title} →
              </Link>
            ) : null}
          </nav>
        </div>
        <aside className="col-lg-4 d-none d-lg-block" aria-labelledby="indice">
          <nav className="aula-toc aula-card" aria-labelledby="indice">
            <h2 id="indice" className="h6">
              {t('module.toc')}
            </h2>
            <ul>
              {page.meta.toc.map((h) => (
                <li key={h.id} className={`depth-${h.depth}`}>
                  <a href={`#${h.id}`}>{h.text}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.module.title ?? 'Modulo'} – Aula` }, { name: 'description', content: data?.module.summary ?? '' }];
