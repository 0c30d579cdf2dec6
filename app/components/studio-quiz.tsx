/** The studio's quiz forms: one form per question, and the question's order and removal (no JavaScript needed). */
import { Form } from '@remix-run/react';
import { useI18n, type MessageKey } from '~/i18n/i18n';
import { Field, FieldError, TextAreaField } from './field';

type Row = { id: string; text: string; right: string; correct: boolean };
export interface QuestionValues {
  type: 'single' | 'multiple' | 'true-false' | 'short-text' | 'numeric' | 'matching' | 'ordering';
  id: string;
  prompt: string;
  explanation: string;
  points: string;
  source: string;
  rows: Row[];
  answer: string;
  tolerance: string;
  unit: string;
  accepted: string;
  pattern: string;
}

const ROWS_OF = { single: 'options', multiple: 'options', matching: 'pairs', ordering: 'items' } as const;

/**
 * The form of one question. `prefix` keeps the ids of the page unique; `index` null: a new
 * question (intent "add").
 */
export function QuestionForm({
  values,
  errors,
  index,
  revision,
  prefix,
  disabled,
  blankRows,
}: {
  values: QuestionValues;
  errors: Record<string, string>;
  index: number | null;
  revision: number;
  prefix: string;
  disabled: boolean;
  blankRows: number;
}) {
  const { t } = useI18n();
  const id = (name: string) => `${prefix}-${name}`;
  const rowsKind = values.type in ROWS_OF ? ROWS_OF[values.type as keyof typeof ROWS_OF] : null;
  const rows: Row[] = rowsKind ? [...values.rows, ...Array.from({ length: blankRows }, () => ({ id: '', text: '', right: '', correct: false }))] : [];
  const n = index === null ? null : index + 1;
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value={index === null ? 'add' : 'update'} />
      {index === null ? null : <input type="hidden" name="index" value={index} />}
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="type" value={values.type} />
      <Field name="id" id={id('id')} label={t('studio.quizForm.id')} hint={t('studio.quizForm.id.hint')} defaultValue={values.id} error={errors.id} maxLength={40} />
      <TextAreaField name="prompt" id={id('prompt')} label={t('studio.quizForm.prompt')} defaultValue={values.prompt} error={errors.prompt} rows={2} />
      {rowsKind ? (
        <fieldset className="mb-4" aria-describedby={errors.rows ? id('rows-error') : id('rows-hint')}>
          <legend className="form-label fw-semibold fs-6">{t(`studio.quizForm.rows.${rowsKind}` as MessageKey)}</legend>
          <p id={id('rows-hint')} className="small">
            {t(`studio.quizForm.rows.${values.type === 'single' || values.type === 'multiple' ? values.type : rowsKind}.hint` as MessageKey)}
          </p>
          {rows.map((r, i) => (
            <div className="row g-2 mb-2 align-items-center" key={i}>
              <input type="hidden" name={`row.${i}.id`} value={r.id} />
              <div className={values.type === 'matching' ? 'col-md-5' : 'col-md-9'}>
                <label className="visually-hidden" htmlFor={id(`row-${i}`)}>
                  {t(`studio.quizForm.row.${rowsKind}` as MessageKey, { n: i + 1 })}
                </label>
                <input className="form-control" id={id(`row-${i}`)} name={`row.${i}.text`} defaultValue={r.text} aria-invalid={errors.rows ? true : undefined} />
              </div>
              {values.type === 'matching' ? (
                <div className="col-md-5">
                  <label className="visually-hidden" htmlFor={id(`row-${i}-right`)}>
                    {t('studio.quizForm.row.right', { n: i + 1 })}
                  </label>
                  <input className="form-control" id={id(`row-${i}-right`)} name={`row.${i}.right`} defaultValue={r.right} aria-invalid={errors.rows ? true : undefined} />
                </div>
              ) : null}
              {values.type === 'single' || values.type === 'multiple' ? (
                <div className="col-md-3">
                  <div className="form-check mb-0">
                    <input
                      className="form-check-input"
                      type={values.type === 'single' ? 'radio' : 'checkbox'}
                      id={id(`row-${i}-correct`)}
                      name={values.type === 'single' ? 'correct' : `row.${i}.correct`}
                      value={values.type === 'single' ? String(i) : 'on'}
                      defaultChecked={r.correct}
                    />
                    <label className="form-check-label" htmlFor={id(`row-${i}-correct`)}>
                      {t('studio.quizForm.correct')} <span className="visually-hidden">{t('studio.quizForm.row.options', { n: i + 1 })}</span>
                    </label>
                  </div>
                </div>
              ) : null}
            </div>
          ))}
          <FieldError id={id('rows-error')} error={errors.rows} />
        </fieldset>
      ) : null}
      {values.type === 'true-false' ? (
        <fieldset className="mb-4" aria-describedby={errors.answer ? id('answer-error') : undefined}>
          <legend className="form-label fw-semibold fs-6">{t('studio.quizForm.answer')}</legend>
          {(['true', 'false'] as const).map((v) => (
            <div className="form-check form-check-inline" key={v}>
              <input className="form-check-input" type="radio" id={id(`answer-${v}`)} name="answer" value={v} defaultChecked={values.answer === v} />
              <label className="form-check-label" htmlFor={id(`answer-${v}`)}>
                {v === 'true' ? t('quiz.true') : t('quiz.false')}
              </label>
            </div>
          ))}
          <FieldError id={id('answer-error')} error={errors.answer} />
        </fieldset>
      ) : null}
      {values.type === 'short-text' ? (
        <>
          <TextAreaField
            name="accepted"
            id={id('accepted')}
            label={t('studio.quizForm.accepted')}
            hint={t('studio.quizForm.accepted.hint')}
            defaultValue={values.accepted}
            error={errors.accepted}
            rows={3}
          />
          <Field name="pattern" id={id('pattern')} label={t('studio.quizForm.pattern')} hint={t('studio.quizForm.pattern.hint')} defaultValue={values.pattern} error={errors.pattern} />
        </>
      ) : null}
      {values.type === 'numeric' ? (
        <div className="row">
          <Field name="answer" id={id('answer')} className="col-md-4 mb-4" label={t('studio.quizForm.answer')} defaultValue={values.answer} error={errors.answer} inputMode="decimal" />
          <Field name="tolerance" id={id('tolerance')} className="col-md-4 mb-4" label={t('studio.quizForm.tolerance')} defaultValue={values.tolerance} error={errors.tolerance} inputMode="decimal" />
          <Field name="unit" id={id('unit')} className="col-md-4 mb-4" label={t('studio.quizForm.unit')} defaultValue={values.unit} error={errors.unit} />
        </div>
      ) : null}
      <TextAreaField
        name="explanation"
        id={id('explanation')}
        label={t('studio.quizForm.explanation')}
        hint={t('studio.quizForm.explanation.hint')}
        defaultValue={values.explanation}
        error={errors.explanation}
        rows={2}
      />
      <div className="row">
        <Field name="source" id={id('source')} className="col-md-8 mb-4" label={t('studio.quizForm.source')} defaultValue={values.source} error={errors.source} />
        <Field
          name="points"
          id={id('points')}
          className="col-md-4 mb-4"
          label={t('studio.quizForm.points')}
          hint={t('studio.quizForm.points.hint')}
          defaultValue={values.points}
          error={errors.points}
          inputMode="decimal"
        />
      </div>
      {errors.form ? <FieldError id={id('form-error')} error={errors.form} /> : null}
      {disabled ? null : (
        <button type="submit" className="btn btn-primary">
          {n === null ? t('studio.quizForm.add.submit') : t('studio.quizForm.save', { n })}
        </button>
      )}
    </Form>
  );
}

/** Move up, move down, remove: a small form of buttons under each question. */
export function QuestionMoves({ index, count, revision, disabled }: { index: number; count: number; revision: number; disabled: boolean }) {
  const { t } = useI18n();
  if (disabled) return null;
  const n = index + 1;
  return (
    <Form method="post" className="d-flex flex-wrap gap-2 mt-3">
      <input type="hidden" name="index" value={index} />
      <input type="hidden" name="revision" value={revision} />
      {index > 0 ? (
        <button type="submit" name="intent" value="up" className="btn btn-sm btn-outline-secondary">
          {t('studio.quizForm.up', { n })}
        </button>
      ) : null}
      {index < count - 1 ? (
        <button type="submit" name="intent" value="down" className="btn btn-sm btn-outline-secondary">
          {t('studio.quizForm.down', { n })}
        </button>
      ) : null}
      <button type="submit" name="intent" value="remove" className="btn btn-sm btn-outline-danger">
        {t('studio.quizForm.remove', { n })}
      </button>
    </Form>
  );
}
