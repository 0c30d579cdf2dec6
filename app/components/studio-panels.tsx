/** The side panels of the studio's editor: problems, warnings, the diff, the publish form. */
import { Form } from '@remix-run/react';
import { useState } from 'react';
import { useI18n } from '~/i18n/i18n';
import { CheckboxField, Field, TextAreaField } from './field';
import { LineDiff, WordDiff, type DiffPart } from './studio-diff';

interface Issue {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

export function IssueList({ issues }: { issues: Issue[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="problemi" className="aula-card mb-4" aria-live="polite">
      <h2 id="problemi" className="h5">
        {issues.length ? t('studio.issues', { count: issues.length }) : t('studio.issues.none')}
      </h2>
      {issues.length ? (
        <ul className="aula-issue-list mb-0" lang="it">
          {issues.map((i, n) => (
            <li key={n} className="aula-field-error">
              <strong>
                {i.file}
                {i.line != null ? `, ${i.column != null ? t('studio.issue.at', { line: i.line, column: i.column }) : t('studio.issue.line', { line: i.line })}` : ''}
              </strong>
              : {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function WarningList({ warnings }: { warnings: Array<{ code: string; message: string }> }) {
  const { t } = useI18n();
  if (!warnings.length) return null;
  return (
    <section aria-labelledby="avvisi" className="aula-card mb-4">
      <h2 id="avvisi" className="h5">
        {t('studio.warnings')}
      </h2>
      <ul className="mb-0" lang="it">
        {warnings.map((w, n) => (
          <li key={n}>{w.message}</li>
        ))}
      </ul>
    </section>
  );
}

export function StudioDiff({ diff, title }: { diff: { source: DiffPart[]; words: DiffPart[]; changes: number }; title: string }) {
  const { t } = useI18n();
  const none = !diff.source.some((p) => p.kind !== 'same');
  return (
    <section aria-labelledby="differenze" className="aula-card mb-4">
      <h2 id="differenze" className="h5">
        {title}
      </h2>
      {none ? (
        <p className="mb-0">{t('studio.diff.none')}</p>
      ) : (
        <>
          <h3 className="h6">
            {t('studio.diff.words')} ({t('studio.diff.changes', { count: diff.changes })})
          </h3>
          <WordDiff parts={diff.words} />
          <h3 className="h6 mt-3">{t('studio.diff.source')}</h3>
          <LineDiff parts={diff.source} />
        </>
      )}
    </section>
  );
}

export function PublishForm({ hasDraft, dirty, revision, errors }: { hasDraft: boolean; dirty: boolean; revision: number; errors: Record<string, string> }) {
  const { t } = useI18n();
  const [law, setLaw] = useState(false);
  return (
    <section aria-labelledby="pubblica" className="aula-card mb-4">
      <h2 id="pubblica" className="h5">
        {t('studio.publish.title')}
      </h2>
      {!hasDraft || dirty ? <p>{t('studio.publish.needsDraft')}</p> : null}
      {hasDraft ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="revision" value={revision} />
          <Field name="note" label={t('studio.publish.note')} maxLength={500} error={errors.note} />
          <CheckboxField name="lawChange" label={t('studio.publish.law')} onChange={(e) => setLaw(e.currentTarget.checked)} />
          <TextAreaField name="lawSummary" label={t('studio.publish.lawSummary')} hint={t('studio.publish.lawSummary.hint')} rows={2} maxLength={300} error={errors.lawSummary} required={law} />
          <CheckboxField name="retakeQuiz" label={t('studio.publish.retakeQuiz')} hint={t('studio.publish.retakeQuiz.hint')} error={errors.retakeQuiz} />
          <Field name="at" type="datetime-local" label={t('studio.publish.at')} hint={t('studio.publish.at.hint')} error={errors.at} />
          <button type="submit" className="btn btn-primary">
            {t('studio.publish.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
