import { useT } from '~/i18n/i18n';

type M = { hasQuiz: boolean; update?: { pending: boolean } | null; status: { readAt: Date | string | null; quizPassedAt: Date | string | null; completedAt: Date | string | null } };

export function ModuleStatusBadge({ module: m }: { module: M }) {
  const t = useT();
  if (m.update?.pending) return <span className="aula-status todo">{t('update.status')}</span>;
  if (m.status.completedAt) return <span className="aula-status done">{t('course.status.done')}</span>;
  if (m.status.quizPassedAt) return <span className="aula-status read">{t('course.status.quiz')}</span>;
  if (m.status.readAt) return <span className="aula-status read">{t('course.status.read')}</span>;
  return <span className="aula-status todo">{t('course.status.todo')}</span>;
}
