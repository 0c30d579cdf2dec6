import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';
import { listQuizzes } from '~/quiz/stats.server';
import { useT } from '~/i18n/i18n';

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole({ request, context }, 'lecturer');
  return { quizzes: await listQuizzes() };
}

export default function StatsIndex() {
  const { quizzes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="container my-5">
      <h1>{t('stats.title')}</h1>
      <p className="lead">{t('stats.lead')}</p>
      <ul>
        {quizzes.map((q) => (
          <li key={q.documentId}>
            <Link to={`/docente/statistiche/${q.documentId}`}>{q.title}</Link> <span className="small">({q.course})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Statistiche delle verifiche – Aula' }];
