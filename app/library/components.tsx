/** Shared pieces of the library pages (no server code: these also run in the browser). */
import { Form, Link } from '@remix-run/react';
import { formatDate, useLocale, useT, type MessageKey } from '~/i18n/i18n';

export const topicKey = (topic: string) => `library.topic.${topic}` as MessageKey;
export const officeKindKey = (kind: string) => `library.office.${kind}` as MessageKey;
export const resultKindKey = (kind: string) => `library.kind.${kind}` as MessageKey;

export function LibraryBreadcrumb({ current }: { current?: string }) {
  const t = useT();
  return (
    <nav aria-label={t('library.breadcrumb')} className="mb-3 small aula-noprint">
      <Link to="/biblioteca">{t('library.title')}</Link>
      {current ? (
        <>
          {' '}
          › <span aria-current="page">{current}</span>
        </>
      ) : null}
    </nav>
  );
}

/** "Verificata il 31 dicembre 2025", with a visible badge when the card is more than 12 months old. */
export function Reviewed({ reviewedAt, stale }: { reviewedAt: string; stale: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span className="aula-reviewed">
      {t('library.reviewed')} <time dateTime={reviewedAt}>{formatDate(reviewedAt, locale)}</time>
      {stale ? (
        <>
          {' '}
          <span className="aula-stale-badge">
            <span aria-hidden="true">⚠️ </span>
            {t('library.staleBadge')}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** The plain search box of the library (GET to /biblioteca/cerca: works without JavaScript). */
export function LibrarySearchBox({ id = 'cerca-biblioteca' }: { id?: string }) {
  const t = useT();
  return (
    <Form method="get" action="/biblioteca/cerca" role="search" className="aula-card mb-4" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={id} className="form-label fw-semibold">
        {t('library.searchLabel')}
      </label>
      <p id={`${id}-hint`} className="small mb-2">
        {t('library.searchHint')}
      </p>
      <div className="d-flex gap-2">
        <input id={id} name="q" type="search" className="form-control" maxLength={200} autoComplete="off" aria-describedby={`${id}-hint`} />
        <button type="submit" className="btn btn-primary">
          {t('library.searchSubmit')}
        </button>
      </div>
    </Form>
  );
}
