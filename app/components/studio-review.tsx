/**
 * The review workflow's panels: the source diff with the draft's line numbers (what a reviewer
 * comments on), the reviewer's comments as the author reads them, and the decisions so far.
 */
import { useI18n, type MessageKey } from '~/i18n/i18n';

/** The whole source with line numbers (inside a disclosure). */
export function NumberedSource({ source }: { source: string }) {
  const { t } = useI18n();
  const lines = source.replace(/\n$/, '').split('\n');
  return (
    <details className="mb-3">
      <summary>{t('review.source.numbered')}</summary>
      <pre className="aula-diff aula-diff-lines">
        {lines.map((l, i) => (
          <span key={i}>
            <span aria-hidden="true">{String(i + 1).padStart(4, ' ')} </span>
            <span className="visually-hidden">{t('review.diff.lineNo', { n: i + 1 })}: </span>
            {l}
            {'\n'}
          </span>
        ))}
      </pre>
    </details>
  );
}

export interface ReviewComment {
  id: string;
  revision: number;
  fromLine: number;
  toLine: number;
  excerpt: string;
  body: string;
  createdAt: string | Date;
  by: string | null;
}

export interface ReviewDecision {
  id: string;
  revision: number;
  decision: 'changes_requested' | 'approved';
  message: string;
  createdAt: string | Date;
  by: string | null;
}

export function ReviewComments({ comments, reviews }: { comments: ReviewComment[]; reviews: ReviewDecision[] }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="commenti-revisione" className="aula-card mb-4">
      <h2 id="commenti-revisione" className="h5">
        {comments.length ? t('review.comments', { count: comments.length }) : t('review.comments.none')}
      </h2>
      {comments.length ? (
        <ol className="list-unstyled mb-0">
          {comments.map((c) => (
            <li key={c.id} className="mb-3">
              <p className="mb-1 small">
                <strong>
                  {t(c.fromLine === c.toLine ? 'review.comment.line' : 'review.comment.lines', {
                    from: c.fromLine,
                    to: c.toLine,
                    revision: c.revision,
                    who: c.by ?? t('studio.someone'),
                    date: dateTime(c.createdAt),
                  })}
                </strong>
              </p>
              <pre className="aula-diff mb-1">{c.excerpt}</pre>
              <p className="mb-0" lang="it">
                {c.body}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {reviews.length ? (
        <>
          <h3 className="h6 mt-3">{t('review.decisions')}</h3>
          <ul className="mb-0">
            {reviews.map((r) => (
              <li key={r.id}>
                {t(`review.decision.${r.decision}` as MessageKey, { who: r.by ?? t('studio.someone'), revision: r.revision, date: dateTime(r.createdAt) })}
                {r.message ? `: «${r.message}»` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
