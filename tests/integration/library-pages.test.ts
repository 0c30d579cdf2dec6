/**
 * What the library pages show, from the real database and the real content: cards by topic, the
 * card page (sections, review date, glossary terms, citing modules), offices with unverified
 * details, and the search index kept in step with content:import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentImportError, importContent } from '~/startup/import-content.server';
import { CARD_SECTIONS, TOPICS } from '~/content/formats';
import { getCardPage, listCardsByTopic } from '~/library/cards.server';
import { isStale } from '~/library/freshness';
import { listOffices, officeView } from '~/library/library.server';
import { searchLibrary } from '~/library/search.server';
import { parseSearchParams } from '~/library/search-query';
import { CARD, makeContent, uniqueSlug } from '../fixtures/content';

const cardFiles = fs.readdirSync('content/library/cards').filter((f) => f.endsWith('.mdx'));

async function search(q: string) {
  const r = await searchLibrary(parseSearchParams(new URLSearchParams({ q })).data!);
  return r.status === 'ok' ? r.results : [];
}

beforeAll(async () => {
  await importContent({ root: 'content' });
}, 120_000);

describe('library cards', () => {
  it('lists all 17 cards grouped under their topics, in the order of the content format', async () => {
    const { groups, total } = await listCardsByTopic();
    expect(cardFiles).toHaveLength(17);
    const slugs = new Set(groups.flatMap((g) => g.cards.map((c) => c.slug)));
    for (const f of cardFiles) expect(slugs).toContain(f.replace(/\.mdx$/, ''));
    expect(total).toBeGreaterThanOrEqual(17);
    expect(groups.map((g) => g.topic)).toEqual(TOPICS.filter((t) => groups.some((g) => g.topic === t)));
    const famiglia = groups.find((g) => g.topic === 'famiglia')!;
    expect(famiglia.cards.map((c) => c.slug)).toContain('ricongiungimento-familiare');
  });

  it('a card page has the seven fixed sections, its review date, its glossary terms and the modules that cite it', async () => {
    const page = (await getCardPage({ slug: 'ricongiungimento-familiare', now: new Date('2026-06-01T10:00:00Z') }))!;
    expect(page.toc.filter((h) => h.depth === 2).map((h) => h.text)).toEqual([...CARD_SECTIONS]);
    for (const h of page.toc.filter((x) => x.depth === 2)) expect(page.html).toContain(`id="${h.id}"`);
    expect(page.card.reviewedAt).toBe('2026-11-30');
    expect(page.card.stale).toBe(false);
    expect(page.terms.map((t) => t.id)).toEqual(expect.arrayContaining(['nulla-osta', 'sui', 'idoneita-alloggiativa']));
    expect(page.html).toContain('href="/biblioteca/glossario#nulla-osta"');
    // ⚠️ items of the brief stay visibly marked.
    expect(page.html).toContain('data-component="attenzione"');
    expect(page.citedCards.map((c) => c.slug)).toEqual(expect.arrayContaining(['idoneita-alloggiativa', 'accordo-integrazione', 'rinnovo-permesso-lavoro']));
    expect(page.citedBy.map((c) => c.slug)).toContain('idoneita-alloggiativa');
  });

  it('lists the course modules that cite a card, with the link data of each', async () => {
    const page = (await getCardPage({ slug: 'ssn-stp-eni' }))!;
    const modules = page.modules.filter((m) => m.courseSlug === 'dream');
    expect(modules.map((m) => m.slug)).toEqual(expect.arrayContaining(['accoglienza-msna', 'diritti-sociali']));
    for (const m of modules) {
      expect(m.title.length).toBeGreaterThan(3);
      expect(m.position).toBeGreaterThan(0);
    }
  });

  it('warns when a card was checked more than 12 months ago', async () => {
    expect((await getCardPage({ slug: 'diritto-studio-minori', now: new Date('2026-12-31T22:00:00Z') }))!.card.stale).toBe(false);
    expect((await getCardPage({ slug: 'diritto-studio-minori', now: new Date('2027-01-01T09:00:00Z') }))!.card.stale).toBe(true);
    const { groups } = await listCardsByTopic({ now: new Date('2028-01-01T09:00:00Z') });
    expect(groups.every((g) => g.cards.every((c) => c.stale))).toBe(true);
  });

  it('isStale counts calendar days in Rome, one year after the review', () => {
    expect(isStale('2025-12-31', new Date('2026-12-31T12:00:00Z'))).toBe(false);
    // 23:30 UTC on 31 December is already 1 January in Rome.
    expect(isStale('2025-12-31', new Date('2026-12-31T23:30:00Z'))).toBe(true);
    expect(isStale('2024-02-29', new Date('2025-03-01T12:00:00Z'))).toBe(false);
    expect(isStale('2024-02-29', new Date('2025-03-02T12:00:00Z'))).toBe(true);
    expect(isStale('non-una-data', new Date())).toBe(true);
  });

  it('an unknown card is null', async () => {
    expect(await getCardPage({ slug: 'scheda-inesistente' })).toBeNull();
  });
});

describe('library offices', () => {
  it('seeds the offices of the project documents, with their confirmed details', async () => {
    const offices = await listOffices();
    const byId = new Map(offices.map((o) => [o.id, o]));
    expect(byId.get('prefettura-lucca-immigrazione')?.phone).toEqual({ value: '0583/424492', unverified: false });
    const camaiore = byId.get('sportello-lumit-camaiore')!;
    expect(camaiore.address.value).toContain('via del Mattatoio 1');
    expect(camaiore.hours.value).toContain('9:00-13:00');
    const mediatrice = byId.get('mediatore-arabo-camaiore')!;
    expect(mediatrice.address.value).toContain('viale Oberdan 28');
    expect(mediatrice.languages.values).toEqual(['arabo']);
    const luino = byId.get('ufficio-piano-luino')!;
    expect(luino.address.value).toBe('via Ronchetto 1, 21016 Luino');
    expect(luino.phone.value).toBe('0332/536727');
    expect(byId.has('sportello-lumit-garfagnana')).toBe(true);
    expect(byId.has('sportello-lumit-gallicano')).toBe(true);
  });

  it('never shows an unconfirmed detail as confirmed', async () => {
    for (const o of await listOffices()) {
      for (const key of ['address', 'hours', 'phone', 'email'] as const) {
        if (o[key].value) expect(o[key].value!.toLowerCase()).not.toBe('da verificare');
      }
    }
    const gallicano = (await listOffices()).find((o) => o.id === 'sportello-lumit-gallicano')!;
    expect(gallicano.phone).toEqual({ value: null, unverified: true });
    expect(gallicano.hours).toEqual({ value: null, unverified: true });
    expect(gallicano.languages).toEqual({ values: [], unverified: true });
  });

  it('officeView flags fields listed in `unverified` even when they have a value, and placeholders even when not listed', () => {
    const view = officeView({
      id: 'x',
      name: 'Ufficio',
      kind: 'comune',
      address: 'via Roma 1',
      hours: 'da verificare',
      phone: 'Da verificare',
      services: [],
      languages: ['italiano', 'da verificare'],
      unverified: ['address'],
    });
    expect(view.address).toEqual({ value: 'via Roma 1', unverified: true });
    expect(view.hours).toEqual({ value: null, unverified: true });
    expect(view.phone).toEqual({ value: null, unverified: true });
    expect(view.email).toEqual({ value: null, unverified: false });
    expect(view.languages).toEqual({ values: ['italiano'], unverified: true });
  });

  it('filters offices by kind', async () => {
    const sportelli = await listOffices({ kind: 'sportello' });
    expect(sportelli.length).toBeGreaterThan(2);
    expect(sportelli.every((o) => o.kind === 'sportello')).toBe(true);
  });
});

describe('the search index follows content:import', () => {
  it('a newly imported card is searchable at once, and a failed import leaves the index as it was', async () => {
    const slug = uniqueSlug('bib');
    const word = `zanzibarico${slug.replace(/[^a-z]/g, '')}`;
    const card = CARD.replace('title: "Scheda di prova"', `title: "Scheda ${word}"`).replace('Chiunque.', `Chiunque chieda del ${word}.`);
    const root = makeContent(slug, { [`library/cards/${slug}.mdx`]: card });
    // The fixture has its own small glossary: put the real library data back afterwards.
    try {
      await importContent({ root });
      const hits = await search(word);
      expect(hits[0]).toMatchObject({ kind: 'scheda', ref: slug });

      const bad = card.replace('topics: [soggiorno]', 'topics: [inesistente]');
      fs.writeFileSync(path.join(root, `library/cards/${slug}.mdx`), bad);
      const err = await importContent({ root }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentImportError);
      expect((err as Error).message).toMatch(new RegExp(`library/cards/${slug}\\.mdx — campo «topics\\[0\\]»`));
      expect((await search(word))[0]?.ref).toBe(slug);
    } finally {
      await importContent({ root: 'content' });
    }
    // Back to the real glossary: the term "sui" is the real one again, and real cards are found.
    expect((await search('ricongiungimento'))[0]?.ref).toBe('ricongiungimento-familiare');
  });
});

describe('cards removed from content/', () => {
  it('a card no longer in library/cards leaves the library, its page and the search, and comes back when restored', async () => {
    const slug = uniqueSlug('ritiro');
    const word = `ritirabile${slug.replace(/[^a-z]/g, '')}`;
    const card = CARD.replace('title: "Scheda di prova"', `title: "Scheda ${word}"`);
    const root = makeContent(slug, { [`library/cards/${slug}.mdx`]: card });
    try {
      await importContent({ root });
      expect((await search(word))[0]?.ref).toBe(slug);
      expect(await getCardPage({ slug })).not.toBeNull();

      fs.rmSync(path.join(root, `library/cards/${slug}.mdx`));
      await importContent({ root });
      expect(await search(word)).toEqual([]);
      expect(await getCardPage({ slug })).toBeNull();
      const listed = (await listCardsByTopic()).groups.flatMap((g) => g.cards.map((c) => c.slug));
      expect(listed).not.toContain(slug);
      expect(listed).toContain('scheda-prova');

      fs.writeFileSync(path.join(root, `library/cards/${slug}.mdx`), card);
      await importContent({ root });
      expect((await search(word))[0]?.ref).toBe(slug);
    } finally {
      await importContent({ root: 'content' });
    }
    // The real library again: the fixture's cards are retired, the real ones are back.
    expect(await getCardPage({ slug: 'scheda-prova' })).toBeNull();
    expect((await listCardsByTopic()).total).toBe(cardFiles.length);
  });

  it('a card named after a library page (cerca, glossario, uffici) is refused with an Italian message', async () => {
    const root = makeContent(uniqueSlug('riservato'), { 'library/cards/cerca.mdx': CARD });
    const err = await importContent({ root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentImportError);
    expect((err as Error).message).toMatch(/library\/cards\/cerca\.mdx — .*il nome «cerca» è riservato/);
  });
});
