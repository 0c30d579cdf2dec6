/**
 * Library search against the real database (PGlite, or PostgreSQL with DATABASE_URL) and the real
 * content in content/: Italian full text on unaccented text, weights, prefixes, synonyms, typos,
 * highlighted snippets, filters and hostile input.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { headlineToHtml, searchLibrary, type SearchOutcome } from '~/library/search.server';
import { MAX_QUERY_LENGTH, parseSearchParams, planQuery, buildSynonymIndex, toTsquery } from '~/library/search-query';
import { getDb, schema } from '~/utils/db.server';

async function search(query: string | Record<string, string>) {
  const params = new URLSearchParams(typeof query === 'string' ? { q: query } : query);
  const parsed = parseSearchParams(params);
  if (!parsed.data) throw new Error(`parametri non validi: ${parsed.error}`);
  return searchLibrary(parsed.data);
}

function ok(outcome: SearchOutcome) {
  if (outcome.status !== 'ok') throw new Error(`esito ${outcome.status}`);
  return outcome;
}

const refs = (o: SearchOutcome) => o.results.map((r) => `${r.kind}:${r.ref}`);

beforeAll(async () => {
  await importContent({ root: 'content' });
}, 120_000);

describe('library search: the front-desk queries', () => {
  it.each([
    ['rinnovo pds', 'rinnovo-permesso-lavoro'],
    ['ricongiungimento', 'ricongiungimento-familiare'],
    ['ricongiungmento', 'ricongiungimento-familiare'],
    ['C3', 'protezione-internazionale-domanda'],
    ['STP', 'ssn-stp-eni'],
    ['cittadinanza matrimonio', 'cittadinanza-matrimonio'],
    ['test di italiano A2', 'test-a2'],
    ['minori non accompagnati', 'msna-primi-adempimenti'],
  ])('"%s" puts the card %s first', async (q, slug) => {
    const result = ok(await search(q));
    expect(result.results[0]).toMatchObject({ kind: 'scheda', ref: slug, url: `/biblioteca/${slug}` });
  });

  it('searches cards, glossary and offices together', async () => {
    const kinds = new Set(ok(await search('camaiore')).results.map((r) => r.kind));
    expect(kinds).toContain('scheda');
    expect(kinds).toContain('ufficio');
    expect(new Set(ok(await search('cedolino')).results.map((r) => r.kind))).toEqual(new Set(['scheda', 'glossario']));
  });

  it('matches typed prefixes, so results come as you type', async () => {
    for (const prefix of ['ricong', 'ricongiun', 'idoneit']) {
      const first = ok(await search(prefix)).results[0];
      expect(first?.kind, prefix).toBe('scheda');
    }
    expect(ok(await search('ricong')).results.map((r) => r.ref)).toContain('ricongiungimento-familiare');
    expect(ok(await search('idoneit')).results[0]?.ref).toBe('idoneita-alloggiativa');
  });

  it('ignores accents on both sides', async () => {
    expect(ok(await search('idoneita alloggiativa')).results[0]?.ref).toBe('idoneita-alloggiativa');
    expect(ok(await search('IDONEITÀ')).results[0]?.ref).toBe('idoneita-alloggiativa');
  });

  it('expands the abbreviations of the editable list, also the ones that are Italian stop words (SUI, TU)', async () => {
    // PdS → permesso di soggiorno: the card says "permesso", never "PdS".
    const pds = ok(await search('pds'));
    expect(pds.total).toBeGreaterThan(3);
    // "sui" is an Italian stop word: without the synonyms it would find nothing.
    const sui = ok(await search('SUI'));
    expect(refs(sui)).toContain('glossario:sui');
    expect(refs(sui)).toContain('scheda:ricongiungimento-familiare');
    // The expansion typed in full also finds the cards that only write the abbreviation.
    expect(refs(ok(await search('sportello unico')))).toContain('scheda:ricongiungimento-familiare');
    expect(ok(await search('TU')).total).toBeGreaterThan(3);
    expect(ok(await search('commissione territoriale')).results.map((r) => r.ref)).toContain('protezione-internazionale-domanda');
  });

  it('corrects a mistyped word with pg_trgm when full text finds nothing, and says so', async () => {
    const typo = ok(await search('ricongiungmento'));
    expect(typo.correctedTo).toBe('ricongiungimento');
    expect(typo.results[0]?.ref).toBe('ricongiungimento-familiare');
    const two = ok(await search('cittadinanaza matrimonoi'));
    expect(two.correctedTo).not.toBeNull();
    expect(two.results[0]?.ref).toBe('cittadinanza-matrimonio');
    const exact = ok(await search('ricongiungimento'));
    expect(exact.correctedTo).toBeNull();
  });

  it('returns no results (and no error) for words that match nothing', async () => {
    const none = ok(await search('zqxwvy'));
    expect(none.total).toBe(0);
    expect(none.results).toEqual([]);
  });

  it('highlights the typed words in an escaped snippet where only <mark> is markup', async () => {
    const first = ok(await search('cedolino')).results.find((r) => r.kind === 'scheda')!;
    expect(first.snippetHtml).toMatch(/<mark>cedolino<\/mark>/i);
    const tags = first.snippetHtml.match(/<[^>]*>/g) ?? [];
    expect(tags.every((tag) => tag === '<mark>' || tag === '</mark>')).toBe(true);
  });

  it('filters by topic, by office kind and by result type', async () => {
    const salute = ok(await search({ q: 'permesso', tema: 'salute' }));
    expect(salute.total).toBeGreaterThan(0);
    expect(salute.results.every((r) => r.kind === 'scheda' && r.topics.includes('salute'))).toBe(true);

    const famiglia = ok(await search({ tema: 'famiglia' }));
    expect(famiglia.browse).toBe(true);
    expect(famiglia.results.map((r) => r.ref)).toContain('ricongiungimento-familiare');
    expect(famiglia.results.every((r) => r.topics.includes('famiglia'))).toBe(true);

    const sportelli = ok(await search({ q: 'lumit', ufficio: 'sportello' }));
    expect(sportelli.results.map((r) => r.ref)).toEqual(expect.arrayContaining(['sportello-lumit-camaiore', 'sportello-lumit-garfagnana']));
    expect(sportelli.results.some((r) => r.ref === 'prefettura-lucca-immigrazione')).toBe(false);

    const glossario = ok(await search({ q: 'permesso', tipo: 'glossario' }));
    expect(glossario.total).toBeGreaterThan(0);
    expect(glossario.results.every((r) => r.kind === 'glossario' && r.url.startsWith('/biblioteca/glossario#'))).toBe(true);
  });

  it('pages through many results, 10 at a time', async () => {
    const first = ok(await search('permesso'));
    expect(first.results.length).toBe(10);
    expect(first.total).toBeGreaterThan(10);
    expect(first.pages).toBe(Math.ceil(first.total / 10));
    {
      const second = ok(await search({ q: 'permesso', pagina: '2' }));
      expect(second.page).toBe(2);
      expect(second.results[0]?.ref).not.toBe(first.results[0]?.ref);
    }
  });
});

describe('library search: the result cache', () => {
  it('serves a repeated search from the cache, and drops the cache when the index version changes', async () => {
    const db = await getDb();
    const word = 'zumbalitico';
    expect(ok(await search(word)).results).toHaveLength(0);
    await db.execute(
      sql`insert into library_search (id, kind, ref, title, summary, body, topics) values ('card:cache-prova', 'card', 'cache-prova', ${`Il ${word}`}, 'Riassunto.', 'Testo.', '{sportello}')`,
    );
    try {
      // The index changed behind the version's back: the cached answer stands, proving the cache.
      expect(ok(await search(word)).results).toHaveLength(0);
      // A rebuild raises the version (as the import does), and the next search sees the new index.
      await db.execute(sql`update library_search_state set version = version + 1`);
      expect(ok(await search(word)).results.map((r) => r.ref)).toEqual(['cache-prova']);
    } finally {
      await db.execute(sql`delete from library_search where id = 'card:cache-prova'`);
    }
  });

  it('every import raises the index version', async () => {
    const db = await getDb();
    const version = async () => (await db.select().from(schema.librarySearchState))[0]!.version;
    const before = await version();
    await importContent({ root: 'content' });
    expect(await version()).toBe(before + 1);
  }, 120_000);
});

describe('library search: ranking and the index', () => {
  it('weights the title above the summary above the body', async () => {
    const db = await getDb();
    const word = 'zorbatico';
    await db.execute(sql`insert into library_search (id, kind, ref, title, summary, body, topics) values
      ('card:peso-corpo', 'card', 'peso-corpo', 'Scheda C', 'Riassunto qualsiasi.', ${`Il ${word} compare solo qui.`}, '{sportello}'),
      ('card:peso-titolo', 'card', 'peso-titolo', ${`Il ${word} nel titolo`}, 'Riassunto qualsiasi.', 'Testo qualsiasi.', '{sportello}'),
      ('card:peso-sommario', 'card', 'peso-sommario', 'Scheda B', ${`Un ${word} nel riassunto.`}, 'Testo qualsiasi.', '{sportello}')`);
    try {
      expect(ok(await search(word)).results.map((r) => r.ref)).toEqual(['peso-titolo', 'peso-sommario', 'peso-corpo']);
    } finally {
      await db.execute(sql`delete from library_search where id like 'card:peso-%'`);
    }
  });

  it('escapes whatever the indexed text contains, keeping only the highlight as markup', async () => {
    const db = await getDb();
    await db.execute(sql`insert into library_search (id, kind, ref, title, summary, body) values
      ('card:ostile', 'card', 'ostile', 'Scheda ostile', '', ${'Testo <script>alert("x")</script> & <img src=x onerror=alert(1)> con la parola velenosissima dentro.'})`);
    try {
      const hit = ok(await search('velenosissima')).results[0]!;
      // ts_headline may drop what its parser takes for tags; whatever is left is escaped.
      expect(hit.snippetHtml).toContain('&lt;img');
      expect(hit.snippetHtml).toContain('&amp;');
      expect((hit.snippetHtml.match(/<[^>]*>/g) ?? []).every((tag) => tag === '<mark>' || tag === '</mark>')).toBe(true);
      expect(hit.snippetHtml).not.toMatch(/<(script|img)/i);
      expect(hit.snippetHtml).toContain('<mark>velenosissima</mark>');
    } finally {
      await db.execute(sql`delete from library_search where id = 'card:ostile'`);
    }
  });

  it('headlineToHtml turns only balanced private-use markers into <mark>', () => {
    expect(headlineToHtml('a \uE000b\uE001 <c> "d"')).toBe('a <mark>b</mark> &lt;c&gt; &quot;d&quot;');
    expect(headlineToHtml('\uE001x\uE000y')).toBe('x<mark>y</mark>');
  });
});

describe('library search: hostile input', () => {
  const hostile = [
    '',
    '   ',
    '&|!:*',
    '!!!',
    "'",
    '"',
    '\\',
    '\\\\\'"',
    "'; drop table users; --",
    "permesso' or 1=1 --",
    'a & b | !c',
    '(((',
    ')) | ((',
    '<->',
    'permesso <-> soggiorno',
    'rinnovo:*',
    'C3:* & !STP',
    '$1 $2',
    '%_%',
    '😀😀😀',
    'permesso 😀 soggiorno',
    '\u0000\u0001',
    'x'.repeat(MAX_QUERY_LENGTH),
    'ab '.repeat(60),
    '<script>alert(1)</script>',
    'select * from users',
    '/*',
    'ricongiungimento \\',
    // Letters that unaccent (PostgreSQL 15) turns into quotes: found by the random test below.
    'ʹ𐊀',
    'dellʼingresso',
    'ŉ ʻʽˈ ʺx',
  ];

  it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 60), q]))('%s gives a result or an Italian message, never an error', async (_label, q) => {
    const parsed = parseSearchParams(new URLSearchParams({ q }));
    expect(parsed.error).toBeNull();
    const result = await searchLibrary(parsed.data!);
    expect(['idle', 'ok', 'no-terms']).toContain(result.status);
    if (result.status === 'no-terms') expect(result.message).toMatch(/almeno una parola/);
  });

  it('refuses a query over 200 characters with an Italian message, before touching the database', () => {
    const parsed = parseSearchParams(new URLSearchParams({ q: 'a'.repeat(MAX_QUERY_LENGTH + 1) }));
    expect(parsed.data).toBeNull();
    expect(parsed.error).toBe('La ricerca può contenere al massimo 200 caratteri: accorciala.');
  });

  it('refuses unknown filters and page numbers with Italian messages', () => {
    expect(parseSearchParams(new URLSearchParams({ tema: 'inesistente' })).error).toBe('Il tema scelto non esiste.');
    expect(parseSearchParams(new URLSearchParams({ ufficio: "questura'--" })).error).toBe('Il tipo di ufficio scelto non esiste.');
    expect(parseSearchParams(new URLSearchParams({ tipo: 'utenti' })).error).toBe('Il tipo di risultato scelto non esiste.');
    expect(parseSearchParams(new URLSearchParams({ pagina: '-1' })).error).toBe('Il numero di pagina non è valido.');
    expect(parseSearchParams(new URLSearchParams({ pagina: '11' })).error).toBe('Si possono vedere al massimo 10 pagine di risultati.');
  });

  it('builds a tsquery that only ever holds quoted words of letters and digits', () => {
    const synonyms = buildSynonymIndex([{ abbr: 'PdS', expands: ['permesso di soggiorno'] }]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: MAX_QUERY_LENGTH }), (q) => {
        const tsq = toTsquery(planQuery(q, synonyms));
        // Everything between quotes is a word; outside them only operators, spaces and parentheses.
        const outside = tsq.replace(/'[\p{L}\p{N}./]+'(:\*)?/gu, '');
        expect(outside).toMatch(/^[\s()&|<>-]*$/);
      }),
      { numRuns: 500 },
    );
  });

  it('never fails on random text, whatever the database', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), async (q) => {
        const parsed = parseSearchParams(new URLSearchParams({ q }));
        if (!parsed.data) return;
        const result = await searchLibrary(parsed.data);
        expect(['idle', 'ok', 'no-terms']).toContain(result.status);
      }),
      { numRuns: 60 },
    );
  });
});
