/**
 * The <Field> family: every form control of Aula is a label, the control, an optional hint and an
 * optional error, tied together with `aria-describedby` and `aria-invalid`. Works without
 * JavaScript: errors come back from the action and are rendered here.
 */
import type { ReactNode } from 'react';

interface Common {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** defaults to `name` */
  id?: string;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Help({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="small mt-1 mb-0">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </>
  );
}

export function FieldError({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p id={id} className="aula-field-error mt-1 mb-0">
      {error}
    </p>
  );
}

type InputProps = Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'className'>;

export function Field({ name, label, hint, error, id = name, className = 'mb-4', type = 'text', ...input }: InputProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
      </label>
      <input id={id} name={name} type={type} className="form-control" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

type TextAreaProps = Common & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id' | 'className'>;

export function TextAreaField({ name, label, hint, error, id = name, className = 'mb-4', rows = 3, ...area }: TextAreaProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
      </label>
      <textarea id={id} name={name} rows={rows} className="form-control" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...area} />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

type SelectProps = Common &
  Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id' | 'className'> & {
    options: ReadonlyArray<{ value: string; label: string }>;
  };

export function SelectField({ name, label, hint, error, id = name, className = 'mb-4', options, ...select }: SelectProps) {
  return (
    <div className={className}>
      <label htmlFor={id} className="form-label fw-semibold">
        {label}
      </label>
      <select id={id} name={name} className="form-select" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

type CheckProps = Common & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name' | 'id' | 'className' | 'type'>;

export function CheckboxField({ name, label, hint, error, id = name, className = 'mb-3', ...input }: CheckProps) {
  return (
    <div className={`form-check ${className}`}>
      <input id={id} name={name} type="checkbox" className="form-check-input" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <label htmlFor={id} className="form-check-label">
        {label}
      </label>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** A form-level message (the result of an action), announced to screen readers. */
export function FormAlert({ kind, children }: { kind: 'error' | 'success'; children: ReactNode }) {
  return (
    <div className={`alert ${kind === 'error' ? 'alert-danger' : 'alert-success'}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
