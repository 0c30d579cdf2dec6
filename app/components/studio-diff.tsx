/**
 * A diff as the reviewer reads it: insertions in <ins>, deletions in <del> (announced by screen
 * readers through visually hidden words, since the colour alone says nothing).
 */
import { useT } from '~/i18n/i18n';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export function WordDiff({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  return (
    <div className="aula-diff aula-diff-words" lang="it">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'added' ? (
          <ins key={i}>
            <span className="visually-hidden">[{t('studio.diff.added')}: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : (
          <del key={i}>
            <span className="visually-hidden">[{t('studio.diff.removed')}: </span>
            {p.text}
            <span className="visually-hidden">]</span>
          </del>
        ),
      )}
    </div>
  );
}

/**
 * Source by line: only the changed lines and two of context around them. With `numbered`, each line
 * carries its number in the new text (what a reviewer comments on; deleted lines have none).
 */
export function LineDiff({ parts, numbered = false }: { parts: DiffPart[]; numbered?: boolean }) {
  const t = useT();
  const rows: Array<{ kind: DiffPart['kind'] | 'gap'; text: string; no: number | null }> = [];
  let no = 0;
  parts.forEach((p, i) => {
    const lines = p.text.replace(/\n$/, '').split('\n');
    if (p.kind === 'removed') {
      for (const l of lines) rows.push({ kind: 'removed', text: l, no: null });
      return;
    }
    const numberedLines = lines.map((l) => ({ kind: p.kind, text: l, no: ++no }));
    if (p.kind === 'added') {
      rows.push(...numberedLines);
      return;
    }
    const head = i > 0 ? numberedLines.slice(0, 2) : [];
    const tail = i < parts.length - 1 ? numberedLines.slice(-2) : [];
    if (numberedLines.length <= 4 && i > 0 && i < parts.length - 1) rows.push(...numberedLines);
    else {
      rows.push(...head);
      if (numberedLines.length > head.length + tail.length) rows.push({ kind: 'gap', text: '…', no: null });
      rows.push(...tail.filter((r) => !head.includes(r)));
    }
  });
  return (
    <pre className="aula-diff aula-diff-lines">
      {rows.map((r, i) => (
        <span key={i} className={`aula-diff-${r.kind}`}>
          {numbered ? (
            <span className="aula-line-no">
              {r.no != null && r.kind !== 'gap' ? (
                <>
                  <span aria-hidden="true">{String(r.no).padStart(4, ' ')} </span>
                  <span className="visually-hidden">{t('review.diff.lineNo', { n: r.no })}: </span>
                </>
              ) : (
                <span aria-hidden="true">{'     '}</span>
              )}
            </span>
          ) : null}
          {r.kind === 'added' ? (
            <>
              <span aria-hidden="true">+ </span>
              <span className="visually-hidden">{t('studio.diff.added')}: </span>
            </>
          ) : r.kind === 'removed' ? (
            <>
              <span aria-hidden="true">- </span>
              <span className="visually-hidden">{t('studio.diff.removed')}: </span>
            </>
          ) : (
            '  '
          )}
          {r.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
