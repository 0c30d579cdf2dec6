import type { ReactNode } from 'react';
import type { PublicQuestion } from '~/content/quiz-formats';
import { useT } from '~/i18n/i18n';

type Values = Record<string, string | string[]>;

const val = (values: Values, key: string) => {
  const v = values[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const vals = (values: Values, key: string) => {
  const v = values[key];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/**
 * One question as a plain form control group (works without JavaScript). `locked`: an answer
 * already checked (feedback: immediate), shown but no longer editable; `children` follow the controls.
 */
export function QuizQuestion({ q, n, values, locked = false, children }: { q: PublicQuestion; n: number; values: Values; locked?: boolean; children?: ReactNode }) {
  const t = useT();
  const hintId = `h_${q.id}`;
  // The hint of these types explains the whole group; the numeric hint belongs to its input.
  const groupHint = q.type === 'multiple' || q.type === 'matching' || q.type === 'ordering';
  return (
    <fieldset className="aula-card mb-4" disabled={locked} aria-describedby={groupHint ? hintId : undefined}>
      <legend className="h5 fw-semibold">
        <span className="me-2">{n}.</span>
        {q.prompt}{' '}
        <span className="small fw-normal">
          ({q.points} {t('quiz.points')})
        </span>
      </legend>
      <Controls q={q} values={values} hintId={hintId} />
      {children}
    </fieldset>
  );
}

/** The inputs of one question, named as parseAnswer reads them. */
function Controls({ q, values, hintId }: { q: PublicQuestion; values: Values; hintId: string }) {
  const t = useT();
  const name = `q_${q.id}`;
  switch (q.type) {
    case 'single':
    case 'multiple':
      return (
        <>
          {q.type === 'multiple' ? (
            <p id={hintId} className="small">
              {t('quiz.multipleHint')}
            </p>
          ) : null}
          {q.options.map((o) => (
            <div className="form-check" key={o.id}>
              <input
                className="form-check-input"
                type={q.type === 'single' ? 'radio' : 'checkbox'}
                id={`${name}:${o.id}`}
                name={name}
                value={o.id}
                defaultChecked={vals(values, name).includes(o.id)}
              />
              <label className="form-check-label" htmlFor={`${name}:${o.id}`}>
                {o.text}
              </label>
            </div>
          ))}
        </>
      );
    case 'true-false':
      return (
        <>
          {(['true', 'false'] as const).map((v) => (
            <div className="form-check form-check-inline" key={v}>
              <input className="form-check-input" type="radio" id={`${name}:${v}`} name={name} value={v} defaultChecked={val(values, name) === v} />
              <label className="form-check-label" htmlFor={`${name}:${v}`}>
                {v === 'true' ? t('quiz.true') : t('quiz.false')}
              </label>
            </div>
          ))}
        </>
      );
    case 'short-text':
    case 'numeric':
      return (
        <>
          <label className="form-label" htmlFor={name}>
            {t('quiz.yourAnswer')}
            {q.type === 'numeric' && q.unit ? ` (${q.unit})` : ''}
          </label>
          <input
            className="form-control"
            id={name}
            name={name}
            type="text"
            inputMode={q.type === 'numeric' ? 'decimal' : undefined}
            maxLength={500}
            autoComplete="off"
            defaultValue={val(values, name)}
            aria-describedby={q.type === 'numeric' ? hintId : undefined}
          />
          {q.type === 'numeric' ? (
            <p id={hintId} className="small mt-1 mb-0">
              {t('quiz.numericHint')}
            </p>
          ) : null}
        </>
      );
    case 'matching':
      return (
        <>
          <p id={hintId} className="small">
            {t('quiz.matchingHint')}
          </p>
          {q.lefts.map((l) => (
            <div className="row mb-2 align-items-center" key={l.id}>
              <label className="col-md-5 col-form-label" htmlFor={`${name}.${l.id}`}>
                {l.text}
              </label>
              <div className="col-md-7">
                <select className="form-select" id={`${name}.${l.id}`} name={`${name}.${l.id}`} defaultValue={val(values, `${name}.${l.id}`)}>
                  <option value="">{t('quiz.choose')}</option>
                  {q.rights.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.text}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ))}
        </>
      );
    case 'ordering':
      return (
        <>
          <p id={hintId} className="small">
            {t('quiz.orderingHint')}
          </p>
          {q.items.map((item) => (
            <div className="row mb-2 align-items-center" key={item.id}>
              <label className="col-md-9 col-form-label" htmlFor={`${name}.${item.id}`}>
                {item.text}
              </label>
              <div className="col-md-3">
                <select
                  className="form-select"
                  id={`${name}.${item.id}`}
                  name={`${name}.${item.id}`}
                  defaultValue={val(values, `${name}.${item.id}`)}
                  aria-label={`${t('quiz.position')}: ${item.text}`}
                >
                  <option value="">{t('quiz.position')}</option>
                  {q.items.map((_, i) => (
                    <option key={i} value={String(i + 1)}>
                      {i + 1}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          ))}
        </>
      );
  }
}
