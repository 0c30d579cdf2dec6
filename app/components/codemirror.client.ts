/**
 * CodeMirror 6 over a form's textarea (progressive enhancement): the textarea stays in the form,
 * hidden, and receives every change, so submitting works exactly as without JavaScript. Loaded only
 * in the browser, on the studio's pages (a separate chunk).
 */
import { markdown } from '@codemirror/lang-markdown';
import { yaml } from '@codemirror/lang-yaml';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
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
  const extensions: Extension[] = [
    basicSetup,
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
    setIssues(issues) {
      const doc = view.state.doc;
      const diagnostics: Diagnostic[] = issues.map((i) => {
        const line = doc.line(Math.min(Math.max(i.line ?? 1, 1), doc.lines));
        const from = Math.min(line.from + Math.max((i.column ?? 1) - 1, 0), line.to);
        return { from, to: Math.max(from, i.column == null ? line.to : Math.min(line.to, from + 1)), severity: 'error', message: i.message };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
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
