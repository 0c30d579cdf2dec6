/**
 * CodeMirror 6 over a form's textarea (progressive enhancement): the textarea stays in the form,
 * hidden, and receives every change, so submitting works exactly as without JavaScript. Loaded only
 * in the browser, on the studio's pages (a separate chunk).
 */
import { markdown } from '@codemirror/lang-markdown';
import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, linter, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';

export interface MountedEditor {
  setIssues(issues: Array<{ line: number | null; column: number | null; message: string }>): void;
  insert(text: string): void;
  destroy(): void;
}

export function mountEditor(textarea: HTMLTextAreaElement, opts: { language: 'markdown' | 'yaml'; label: string; describedBy?: string; onChange: (value: string) => void }): MountedEditor {
  const host = document.createElement('div');
  host.className = 'aula-cm aula-source';
  textarea.insertAdjacentElement('afterend', host);
  let issues: Parameters<MountedEditor['setIssues']>[0] = [];
  const extensions: Extension[] = [
    basicSetup,
    // The diagnostics are the server's (the import's own checks): the linter only draws the latest ones.
    linter((v) => toDiagnostics(v.state.doc, issues), { delay: 60_000 }),
    opts.language === 'markdown' ? markdown() : yaml(),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': opts.label, ...(opts.describedBy ? { 'aria-describedby': opts.describedBy } : {}), lang: 'it', spellcheck: 'true' }),
    // Escape leaves the editor for the keyboard's next stop (Tab is never captured: basicSetup has no indentWithTab).
    keymap.of([{ key: 'Escape', run: (v) => (v.contentDOM.blur(), true) }]),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      const value = u.state.doc.toString();
      textarea.value = value;
      opts.onChange(value);
    }),
  ];
  const view = new EditorView({ state: EditorState.create({ doc: textarea.value, extensions }), parent: host });
  textarea.hidden = true;
  return {
    setIssues(next) {
      issues = next;
      forceLinting(view);
    },
    insert(text) {
      const { from, to } = view.state.selection.main;
      view.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
      view.focus();
    },
    destroy() {
      view.destroy();
      host.remove();
      textarea.hidden = false;
    },
  };
}

function toDiagnostics(doc: EditorState['doc'], issues: Parameters<MountedEditor['setIssues']>[0]): Diagnostic[] {
  return issues.map((i) => {
    const line = doc.line(Math.min(Math.max(i.line ?? 1, 1), doc.lines));
    const from = Math.min(line.from + Math.max((i.column ?? 1) - 1, 0), line.to);
    // From the column to the end of its line: a visible underline, and the message on hover.
    return { from, to: line.to, severity: 'error', message: i.message };
  });
}
