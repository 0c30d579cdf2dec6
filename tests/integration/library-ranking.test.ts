/**
 * Ranking of the library search for the words operators really type: old names of documents
 * ("carta di soggiorno"), plain words ("esame di italiano", "medico di base", "residenza"),
 * abbreviations ("pds") and typos. Each query names the card an operator wants first. The score is
 * printed; at least 95 % must put the expected card first. Runs on PGlite, and on PostgreSQL with
 * DATABASE_URL, against the real content in content/.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { searchLibrary } from '~/library/search.server';
import { parseSearchParams } from '~/library/search-query';

/** [what the operator types, the card that must come first] */
export const OPERATOR_QUERIES: Array<[string, string]> = [
  // Reunification and housing
  ['ricongiungimento familiare', 'ricongiungimento-familiare'],
  ['ricongiungimento', 'ricongiungimento-familiare'],
  ['ricongiungmento', 'ricongiungimento-familiare'],
  ['far venire la moglie', 'ricongiungimento-familiare'],
  ['nulla osta familiari', 'ricongiungimento-familiare'],
  ['test dna', 'ricongiungimento-familiare'],
  ['idoneità alloggiativa', 'idoneita-alloggiativa'],
  ['idoneita abitativa', 'idoneita-alloggiativa'],
  ['certificato casa', 'idoneita-alloggiativa'],
  ['metri quadri alloggio', 'idoneita-alloggiativa'],
  // Permits
  ['pds', 'rinnovo-permesso-lavoro'],
  ['rinnovo pds', 'rinnovo-permesso-lavoro'],
  ['rinnovo permesso di soggiorno', 'rinnovo-permesso-lavoro'],
  ['permeso di sogiorno', 'rinnovo-permesso-lavoro'],
  ['kit postale', 'rinnovo-permesso-lavoro'],
  ['permesso scaduto', 'rinnovo-permesso-lavoro'],
  ['carta di soggiorno', 'permesso-lungo-periodo'],
  ['lungo periodo', 'permesso-lungo-periodo'],
  ['permesso a tempo indeterminato', 'permesso-lungo-periodo'],
  ['esame di italiano', 'test-a2'],
  ['test di italiano', 'test-a2'],
  ['test A2', 'test-a2'],
  ['accordo di integrazione', 'accordo-integrazione'],
  ['crediti accordo', 'accordo-integrazione'],
  // Citizenship
  ['cittadinanza per residenza', 'cittadinanza-residenza'],
  ['cittadinanza matrimonio', 'cittadinanza-matrimonio'],
  ['cittadinanza coniuge italiano', 'cittadinanza-matrimonio'],
  ['nato in italia 18 anni', 'cittadinanza-nato-in-italia'],
  ['diciottenne nato in italia', 'cittadinanza-nato-in-italia'],
  // Asylum
  ['asilo', 'protezione-internazionale-domanda'],
  ['richiesta asilo', 'protezione-internazionale-domanda'],
  ['C3', 'protezione-internazionale-domanda'],
  ['ricorso diniego commissione', 'protezione-internazionale-domanda'],
  ['iscrizione anagrafica richiedente asilo', 'anagrafe-richiedente-asilo'],
  ['residenza richiedente asilo', 'anagrafe-richiedente-asilo'],
  // Registry
  ['residenza', 'anagrafe-straniero-dimora-abituale'],
  ['dimora abituale', 'anagrafe-straniero-dimora-abituale'],
  ['cancellazione anagrafe', 'anagrafe-straniero-dimora-abituale'],
  ['cittadino comunitario', 'cittadino-ue-anagrafe'],
  ['cittadino rumeno iscrizione', 'cittadino-ue-anagrafe'],
  ['soggiorno permanente', 'cittadino-ue-anagrafe'],
  // School, minors, health
  ['iscrizione scuola', 'diritto-studio-minori'],
  ['scuola senza permesso', 'diritto-studio-minori'],
  ['minore non accompagnato', 'msna-primi-adempimenti'],
  ['msna', 'msna-primi-adempimenti'],
  ['tutore volontario', 'msna-primi-adempimenti'],
  ['medico di base', 'ssn-stp-eni'],
  ['medico senza documenti', 'ssn-stp-eni'],
  ['tessera sanitaria', 'ssn-stp-eni'],
  ['STP', 'ssn-stp-eni'],
  ['codice eni', 'ssn-stp-eni'],
  // The desk
  ['registro consulenze', 'registro-consulenze'],
  ['privacy sportello', 'registro-consulenze'],
];

beforeAll(async () => {
  await importContent({ root: 'content' });
}, 120_000);

async function ranked(q: string): Promise<{ refs: string[]; correctedTo: string | null }> {
  const parsed = parseSearchParams(new URLSearchParams({ q }));
  if (!parsed.data) throw new Error(`parametri non validi: ${parsed.error}`);
  const outcome = await searchLibrary(parsed.data);
  return outcome.status === 'ok' ? { refs: outcome.results.map((r) => r.ref), correctedTo: outcome.correctedTo } : { refs: [], correctedTo: null };
}

describe('library ranking: what operators type', () => {
  it('puts the expected card first for at least 95 % of the operator queries', async () => {
    expect(OPERATOR_QUERIES.length).toBeGreaterThanOrEqual(40);
    const misses: string[] = [];
    for (const [q, slug] of OPERATOR_QUERIES) {
      const { refs, correctedTo } = await ranked(q);
      if (refs[0] !== slug) misses.push(`«${q}»${correctedTo ? ` (corretto in «${correctedTo}»)` : ''}: atteso ${slug}, ottenuto ${refs.slice(0, 3).join(', ') || '(nessuno)'}`);
    }
    const hits = OPERATOR_QUERIES.length - misses.length;
    const score = (hits / OPERATOR_QUERIES.length) * 100;
    console.log(`ranking: ${hits}/${OPERATOR_QUERIES.length} = ${score.toFixed(1)} %`);
    for (const m of misses) console.log(`  mancata: ${m}`);
    expect(score).toBeGreaterThanOrEqual(95);
  }, 120_000);
});
