import { describe, expect, it } from 'vitest';
import { checkContent } from '~/content/check.server';
import { analyzeMdx, gulpease } from '~/content/mdx-analysis.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';

describe('content:check', () => {
  it('computes the Gulpease index as 89 + (300 × sentences − 10 × letters) / words', () => {
    // 2 sentences, 7 words, 24 letters → 89 + (600 − 240) / 7 = 140.4
    expect(gulpease('Il gatto dorme. La casa è rossa.')).toBe(140.4);
  });

  /** The index by its formula, with the sentences counted by hand. */
  const expected = (text: string, sentences: number) => {
    const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    const letters = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
    return Math.round((89 + (300 * sentences - 10 * letters) / words) * 10) / 10;
  };
  const readability = (mdx: string) => gulpease(analyzeMdx('prova.mdx', mdx, 0).analysis!.plainText);

  it('does not end a sentence at the period of a legal abbreviation', () => {
    const text = "Lo prevede l'art. 5 c. 2 del D.Lgs. 286/1998, lett. a, come la L. 91/1992 e il DPR. 394/1999 (p.es. n. 4, ecc. e altro). Il DM. 4 giugno 2010 vale ancora.";
    expect(gulpease(text)).toBe(expected(text, 2));
  });

  it('still ends a sentence at an abbreviation that closes the block', () => {
    const text = 'Servono passaporto, foto ecc.\nPoi si va in Questura.';
    expect(gulpease(text)).toBe(expected(text, 2));
  });

  it('counts a table row, not each cell, as a sentence', () => {
    const mdx = "Una tabella utile.\n\n| Ufficio | Compito |\n|---|---|\n| Questura | Rilascia il permesso |\n| Comune | Certifica l'alloggio |\n";
    const words = "Una tabella utile. Ufficio Compito Questura Rilascia il permesso Comune Certifica l'alloggio";
    // the paragraph and three rows: 4 sentences, not 1 + 6 cells
    expect(readability(mdx)).toBe(expected(words, 4));
  });

  it('does not count a heading as a sentence of its own', () => {
    const mdx = '## Chi può chiederlo?\n\nIl titolare del permesso.\n\n### Documenti\n\nIl passaporto.\n';
    const words = 'Chi può chiederlo Il titolare del permesso. Documenti Il passaporto.';
    expect(readability(mdx)).toBe(expected(words, 2));
  });

  it('passes a valid folder and reports words and readability for every document', () => {
    const report = checkContent(makeContent(uniqueSlug()));
    expect(report.errors).toEqual([]);
    expect(report.rows.map((r) => r.kind).sort()).toEqual(['card', 'module', 'module']);
    expect(report.text).toMatch(/index\.mdx \| \d+ \| \d+/);
  });

  it('fails on an image without alt text and on a quiz drawing more questions than it has', () => {
    const slug = uniqueSlug();
    const root = makeContent(slug, {
      [`courses/${slug}/02-secondo/index.mdx`]: moduleMdx('Secondo', '## Titolo\n\n![](media/schema.png)\n'),
      [`courses/${slug}/01-primo/quiz.yaml`]: 'title: "V"\ndraw: 5\nquestions:\n  - id: q1\n    type: true-false\n    prompt: "?"\n    answer: true\n    explanation: "x"\n',
    });
    const { errors } = checkContent(root);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('immagine senza testo alternativo'), expect.stringContaining('draw (5) è maggiore del numero di domande (1)')]),
    );
  });

  it('warns, without failing, when a card is too dense for its readers', () => {
    const slug = uniqueSlug();
    const dense = 'Considerata la particolarissima complessità procedimentale conseguente alla sovrapposizione stratificata di disposizioni regolamentari interministeriali ';
    const root = makeContent(slug, {
      'library/cards/scheda-prova.mdx': `---\ntitle: "Densa"\nsummary: "Densa."\ntopics: [soggiorno]\noffices: [questura]\nlegalBasis: ["art. 5 TU"]\nreviewedAt: "2025-12-31"\naudience: [comune]\n---\n\n## Chi\n\n${dense.repeat(8)}fine.\n\n## Documenti\n\nNessuno.\n\n## Ufficio\n\nQuestura.\n\n## Tempi\n\nNessuno.\n\n## Costi\n\nNessuno.\n\n## Base giuridica\n\nArt. 5.\n\n## Errori frequenti\n\nNessuno.\n`,
    });
    const report = checkContent(root);
    expect(report.errors).toEqual([]);
    expect(report.rows.find((r) => r.kind === 'card')?.warning).toBe(true);
    expect(report.text).toContain('Avvisi di leggibilità');
  });

  it('the DREAM course and library in content/ pass', () => {
    const report = checkContent('content');
    expect(report.errors).toEqual([]);
    expect(report.rows.filter((r) => r.kind === 'module')).toHaveLength(10);
    expect(report.rows.filter((r) => r.kind === 'card')).toHaveLength(17);
    for (const r of report.rows.filter((x) => x.kind === 'module' && !x.file.includes('esame'))) expect(r.words).toBeGreaterThanOrEqual(1500);
  });
});
