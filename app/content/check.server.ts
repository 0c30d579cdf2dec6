import { formatIssue, loadContent } from './loader.server';
import { gulpease } from './mdx-analysis.server';

export const GULPEASE_MIN = { card: 50, module: 40 } as const;

export interface CheckRow {
  kind: 'module' | 'card';
  file: string;
  words: number;
  gulpease: number;
  warning: boolean;
}

/** The report of `content:check`: errors fail it, readability below the threshold only warns. */
export function checkContent(root: string) {
  const content = loadContent(root);
  const rows: CheckRow[] = [];
  for (const course of content.courses) {
    for (const m of course.modules) {
      const g = gulpease(m.analysis.plainText);
      rows.push({ kind: 'module', file: m.file, words: m.analysis.wordCount, gulpease: g, warning: g < GULPEASE_MIN.module });
    }
    const minutes = course.modules.reduce((n, m) => n + m.frontmatter.estimatedMinutes, 0);
    const hours = course.definition.hours;
    if (course.modules.length === course.definition.modules.length && Math.abs(minutes / 60 - hours) > 1)
      content.issues.push({ file: course.file, message: `campo «hours»: ${hours} ore, ma i moduli stimano ${Math.round((minutes / 60) * 10) / 10} ore` });
  }
  for (const c of content.cards) {
    const g = gulpease(c.analysis.plainText);
    rows.push({ kind: 'card', file: c.file, words: c.analysis.wordCount, gulpease: g, warning: g < GULPEASE_MIN.card });
  }
  const lines: string[] = ['documento | parole | Gulpease', '--- | ---: | ---:'];
  for (const r of rows) lines.push(`${r.file} | ${r.words} | ${r.gulpease}${r.warning ? ' ⚠ sotto soglia' : ''}`);
  const warnings = rows.filter((r) => r.warning);
  if (warnings.length) {
    lines.push('', `Avvisi di leggibilità (moduli < ${GULPEASE_MIN.module}, schede < ${GULPEASE_MIN.card}):`);
    for (const w of warnings) lines.push(`  ${w.file}: Gulpease ${w.gulpease}`);
  }
  if (content.issues.length) {
    lines.push('', `${content.issues.length} errori:`);
    for (const i of content.issues) lines.push(`  ${formatIssue(i)}`);
  } else lines.push('', `Contenuti validi: ${rows.length} documenti.`);
  return { rows, errors: content.issues, text: lines.join('\n') };
}
