/** What the studio editor's page loads: the document, its draft, the checks of the text, the diff, the palette. */
import { COMPONENTS } from '~/content/mdx-analysis.server';
import { getEditorState } from './drafts.server';
import { diffDraft } from './history.server';
import { checkDocument } from './documents.server';

/** A ready-to-insert snippet per allowed component, with its required attributes. */
export const PALETTE = Object.entries(COMPONENTS).map(([name, spec]) => {
  const attrs = spec.required.map((a) => ` ${a}="${a === 'verificatoAl' ? new Date().toISOString().slice(0, 10) : ''}"`).join('');
  const inline = name === 'Glossario' || name === 'Scheda';
  return { name, snippet: inline ? `<${name}${attrs}>testo</${name}>` : `\n<${name}${attrs}>\n\nTesto.\n\n</${name}>\n` };
});

export async function loadEditor(documentId: string) {
  const state = await getEditorState(documentId);
  if (!state) return null;
  const source = state.draft?.source ?? state.published?.source ?? '';
  const quizSource = state.draft?.quizSource ?? state.published?.quizSource ?? '';
  const check = await checkDocument({ doc: state.document, source, quizSource, render: false });
  const diff = state.draft && state.published ? diffDraft(state.published, state.draft, state.document.kind) : null;
  return { ...state, source, quizSource, issues: check.issues, warnings: check.warnings, diff, palette: state.document.kind === 'library_file' ? [] : PALETTE };
}
