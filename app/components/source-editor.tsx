/**
 * A source field of the studio: a labelled textarea that works without JavaScript, enhanced by
 * CodeMirror in the browser (syntax colours, line numbers, search, inline errors). A text that does
 * not parse never breaks the editor: CodeMirror edits plain text, and the checks run on the server.
 */
import { useEffect, useRef, useState } from 'react';
import type { MountedEditor } from './codemirror.client';

export interface SourceIssue {
  line: number | null;
  column: number | null;
  message: string;
}

interface Props {
  name: string;
  label: string;
  hint?: string;
  defaultValue: string;
  language: 'markdown' | 'yaml';
  rows?: number;
  issues: SourceIssue[];
  onChange?: (value: string) => void;
  /** receives the editor once mounted (to insert a component from the palette) */
  onReady?: (editor: MountedEditor | null) => void;
}

export function SourceEditor({ name, label, hint, defaultValue, language, rows = 24, issues, onChange, onReady }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [editor, setEditor] = useState<MountedEditor | null>(null);
  const change = useRef(onChange);
  const ready = useRef(onReady);
  useEffect(() => {
    change.current = onChange;
    ready.current = onReady;
  });

  useEffect(() => {
    let mounted: MountedEditor | null = null;
    let cancelled = false;
    void import('./codemirror.client').then(({ mountEditor }) => {
      if (cancelled || !ref.current) return;
      mounted = mountEditor(ref.current, { language, label, describedBy: hint ? `${name}-hint` : undefined, onChange: (v) => change.current?.(v) });
      setEditor(mounted);
      ready.current?.(mounted);
    });
    return () => {
      cancelled = true;
      mounted?.destroy();
      ready.current?.(null);
    };
  }, [language, label, hint, name]);

  useEffect(() => {
    editor?.setIssues(issues);
  }, [editor, issues]);

  return (
    <div className="mb-4">
      <label htmlFor={name} className="form-label fw-semibold">
        {label}
      </label>
      {hint ? (
        <p id={`${name}-hint`} className="small mt-0 mb-1">
          {hint}
        </p>
      ) : null}
      <textarea
        ref={ref}
        id={name}
        name={name}
        rows={rows}
        className="form-control aula-source"
        spellCheck
        lang="it"
        defaultValue={defaultValue}
        aria-describedby={hint ? `${name}-hint` : undefined}
        aria-invalid={issues.length ? true : undefined}
        onChange={(e) => onChange?.(e.currentTarget.value)}
      />
    </div>
  );
}
