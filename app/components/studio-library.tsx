/** The library's documents in the studio: their names and the preview of a YAML file as the library shows it. */
import { Link } from '@remix-run/react';
import type { LibraryPreview } from '~/studio/library-preview';
import { officeKindKey } from '~/library/components';
import { useI18n, type MessageKey } from '~/i18n/i18n';

type T = ReturnType<typeof useI18n>['t'];

/** A document's name in the studio: a YAML file of the library by what it holds, else its title. */
export function documentTitle(doc: { kind: string; slug: string; title: string }, t: T): string {
  return doc.kind === 'library_file' ? t(`studioLib.file.${doc.slug}` as MessageKey) : doc.title;
}

/** A studio document's open draft, as the studio's tables show it: none, a draft, in review, or scheduled. */
export function DraftState({ row }: { row: { draftState: string | null; draftUpdatedAt: Date | string | null; scheduledAt: Date | string | null } }) {
  const { t, dateTime } = useI18n();
  if (row.draftState === 'scheduled') return <>{t('studio.draft.scheduled', { date: dateTime(row.scheduledAt) })}</>;
  if (row.draftState === 'draft') return <>{t('studio.draft.draft', { date: dateTime(row.draftUpdatedAt) })}</>;
  if (row.draftState) return <>{t('review.index.state', { state: t(`review.state.${row.draftState}` as MessageKey), date: dateTime(row.draftUpdatedAt) })}</>;
  return <>{t('studio.draft.none')}</>;
}

export function LibraryFilePreview({ preview }: { preview: LibraryPreview }) {
  const { t } = useI18n();
  if (preview.kind === 'glossary')
    return (
      <dl className="aula-prose" lang="it">
        {preview.terms.map((g) => (
          <div key={g.id} className="py-3 border-bottom aula-term">
            <dt className="h5">
              {g.term}
              {g.expansion ? <span className="fw-normal"> – {g.expansion}</span> : null}
            </dt>
            <dd className="mb-0">
              {g.definition}
              {g.source ? <span className="d-block small mt-1">Fonte: {g.source}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    );
  if (preview.kind === 'offices')
    return (
      <div lang="it">
        {preview.offices.map((o) => (
          <section key={o.id} className="aula-office" aria-label={o.name}>
            <h3 className="h5">{o.name}</h3>
            <dl>
              <dt>{t('offices.kind')}</dt>
              <dd>{t(officeKindKey(o.kind))}</dd>
              {(['address', 'hours', 'phone', 'email'] as const).map((k) => (
                <div key={k}>
                  <dt>{t(`offices.${k}` as MessageKey)}</dt>
                  <dd>
                    {o[k].value ?? <span className="fst-italic">{t('offices.missing')}</span>}
                    {o[k].unverified ? <span className="aula-unverified"> {t('offices.unverified')}</span> : null}
                  </dd>
                </div>
              ))}
              {o.services.length ? (
                <>
                  <dt>{t('offices.services')}</dt>
                  <dd>{o.services.join('; ')}</dd>
                </>
              ) : null}
            </dl>
          </section>
        ))}
      </div>
    );
  return (
    <table className="table" lang="it">
      <caption className="visually-hidden">{t('studioLib.preview.synonyms')}</caption>
      <tbody>
        {preview.synonyms.map((s) => (
          <tr key={s.abbr}>
            <th scope="row">{s.abbr}</th>
            <td>{s.expands.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface LibraryRow {
  id: string;
  kind: string;
  slug: string;
  position: number;
  title: string | null;
  versionNo: number | null;
  publishedAt: string | Date | null;
  draftState: string | null;
  draftUpdatedAt: string | Date | null;
  scheduledAt: string | Date | null;
}

/** The studio's home, the library's part: every card and YAML file with its state and last change. */
export function StudioLibraryTable({ rows }: { rows: LibraryRow[] }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="studio-biblioteca" className="mb-5">
      <h2 id="studio-biblioteca" className="h3">
        {t('studioLib.title')}
      </h2>
      <p>{t('studioLib.lead')}</p>
      <p>
        <Link to="/studio/biblioteca/nuova">{t('studioLib.add.title')}</Link>
      </p>
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">{t('studioLib.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studioLib.col.document')}</th>
              <th scope="col">{t('studio.col.version')}</th>
              <th scope="col">{t('studio.col.draft')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('studio.history')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const name = documentTitle({ kind: r.kind, slug: r.slug, title: r.title ?? r.slug }, t);
              return (
                <tr key={r.id}>
                  <td>
                    <Link to={`/studio/moduli/${r.id}`}>{name}</Link>
                    {r.position < 0 && r.versionNo ? <span className="badge bg-secondary ms-2">{t('studioLib.retired')}</span> : null}
                  </td>
                  <td>{r.versionNo ? `${r.versionNo} · ${dateTime(r.publishedAt)}` : '—'}</td>
                  <td>
                    <DraftState row={r} />
                  </td>
                  <td>
                    <Link to={`/studio/moduli/${r.id}/versioni`}>
                      {t('studio.history')}
                      <span className="visually-hidden">: {name}</span>
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
