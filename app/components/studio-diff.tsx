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

/** Source by line: only the changed lines and two of context around them. */
export function LineDiff({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  const rows: Array<{ kind: DiffPart['kind'] | 'gap'; text: string }> = [];
  parts.forEach((p, i) => {
    const lines = p.text.replace(/\n$/, '').split('\n');
    if (p.kind !== 'same') {
      for (const l of lines) rows.push({ kind: p.kind, text: l });
      return;
    }
    const head = i > 0 ? lines.slice(0, 2) : [];
    const tail = i < parts.length - 1 ? lines.slice(-2) : [];
    if (lines.length <= 4 && i > 0 && i < parts.length - 1) for (const l of lines) rows.push({ kind: 'same', text: l });
    else {
      for (const l of head) rows.push({ kind: 'same', text: l });
      if (lines.length > head.length + tail.length) rows.push({ kind: 'gap', text: '…' });
      for (const l of tail) rows.push({ kind: 'same', text: l });
    }
  });
  return (
    <pre className="aula-diff aula-diff-lines">
      {rows.map((r, i) => (
        <span key={i} className={`aula-diff-${r.kind}`}>
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
