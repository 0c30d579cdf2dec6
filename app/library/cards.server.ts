/**
 * Library cards: the list grouped by topic, and everything a card page shows. Card versions are
 * immutable, so frontmatter and metadata come from the version cache and the body is rendered to
 * HTML once per source hash (app/courses/versions.server.ts, render.server.tsx).
 */
import { and, asc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { getVersions } from '~/content/versions.server';
import { renderVersionHtml } from '~/content/render.server';
import { TOPICS, type CardFrontmatter } from '~/content/formats';
import { isStale } from './freshness';

export interface CardSummary {
  slug: string;
  title: string;
  summary: string;
  topics: string[];
  offices: string[];
  reviewedAt: string;
  stale: boolean;
}

async function currentCards(slugs?: string[]) {
  const db = await getDb();
  const rows = await db
    .select({ slug: schema.contentDocuments.slug, versionId: schema.contentDocuments.currentVersionId })
    .from(schema.contentDocuments)
    .where(
      and(
        eq(schema.contentDocuments.kind, 'library_card'),
        eq(schema.contentDocuments.scope, 'library'),
        isNotNull(schema.contentDocuments.currentVersionId),
        // Retired cards (removed from content/library/cards) have position -1.
        gte(schema.contentDocuments.position, 0),
        slugs ? inArray(schema.contentDocuments.slug, slugs.length ? slugs : ['']) : undefined,
      ),
    )
    .orderBy(asc(schema.contentDocuments.slug));
  const versions = await getVersions(rows.map((r) => r.versionId!));
  return rows.flatMap((r) => {
    const v = versions.get(r.versionId!);
    return v ? [{ slug: r.slug, version: v, fm: v.frontmatter as unknown as CardFrontmatter }] : [];
  });
}

function summarise(c: { slug: string; fm: CardFrontmatter }, now: Date): CardSummary {
  return { slug: c.slug, title: c.fm.title, summary: c.fm.summary, topics: c.fm.topics, offices: c.fm.offices, reviewedAt: c.fm.reviewedAt, stale: isStale(c.fm.reviewedAt, now) };
}

/** Every card under each of its topics, topics in the fixed order of the content format. */
export async function listCardsByTopic({ now = new Date() }: { now?: Date } = {}) {
  const cards = (await currentCards()).map((c) => summarise(c, now)).sort((a, b) => a.title.localeCompare(b.title, 'it'));
  const groups = TOPICS.map((topic) => ({ topic, cards: cards.filter((c) => c.topics.includes(topic)) })).filter((g) => g.cards.length > 0);
  return { groups, total: cards.length };
}

export interface CardPage {
  card: CardSummary & { legalBasis: string[]; audience: string[]; versionNo: number };
  html: string;
  /** The content hash the HTML was rendered from. */
  bodyHash: string;
  toc: Array<{ depth: 2 | 3; text: string; id: string }>;
  terms: Array<{ id: string; term: string; expansion: string | null; definition: string }>;
  citedCards: Array<{ slug: string; title: string }>;
  citedBy: Array<{ slug: string; title: string }>;
  modules: Array<{ courseSlug: string; courseTitle: string; slug: string; title: string; position: number }>;
}

/** Everything the card page shows, or null when there is no such card. */
export async function getCardPage({ slug, now = new Date() }: { slug: string; now?: Date }): Promise<CardPage | null> {
  const [card] = await currentCards([slug]);
  if (!card) return null;
  const db = await getDb();
  const meta = card.version.meta;
  const cited = meta.cardRefs.filter((s) => s !== slug);
  const [html, terms, citedCards, citedBy, modules] = await Promise.all([
    renderVersionHtml(card.version.id, card.version.hash),
    meta.termRefs.length
      ? db
          .select({ id: schema.glossaryTerms.id, term: schema.glossaryTerms.term, expansion: schema.glossaryTerms.expansion, definition: schema.glossaryTerms.definition })
          .from(schema.glossaryTerms)
          .where(inArray(schema.glossaryTerms.id, meta.termRefs))
          .orderBy(asc(schema.glossaryTerms.term))
      : Promise.resolve([]),
    cited.length ? currentCards(cited) : Promise.resolve([]),
    documentsCiting(slug, 'library_card'),
    documentsCiting(slug, 'module'),
  ]);
  return {
    card: { ...summarise(card, now), legalBasis: card.fm.legalBasis, audience: card.fm.audience, versionNo: card.version.versionNo },
    html,
    bodyHash: card.version.hash,
    toc: meta.toc,
    terms,
    citedCards: citedCards.map((c) => ({ slug: c.slug, title: c.fm.title })).sort((a, b) => a.title.localeCompare(b.title, 'it')),
    citedBy: citedBy.filter((d) => d.slug !== slug).map((d) => ({ slug: d.slug, title: d.title })),
    modules: modules.map((m) => ({ courseSlug: m.scope, courseTitle: m.courseTitle ?? m.scope, slug: m.slug, title: m.title, position: m.position })),
  };
}

/** Modules (still in their course) or cards whose current version cites the card. */
async function documentsCiting(slug: string, kind: 'module' | 'library_card') {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  return db
    .select({ scope: d.scope, slug: d.slug, position: d.position, title: sql<string>`${v.frontmatter}->>'title'`, courseTitle: schema.courses.title })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(schema.courses, eq(schema.courses.id, d.courseId))
    .where(and(eq(d.kind, kind), kind === 'module' ? sql`${d.position} >= 1` : and(eq(d.scope, 'library'), sql`${d.position} >= 0`), sql`${v.meta}->'cardRefs' @> ${JSON.stringify([slug])}::jsonb`))
    .orderBy(asc(schema.courses.title), asc(d.position), asc(d.slug));
}

/** For each glossary term, the cards whose current version links to it. */
export async function cardsByTerm(): Promise<Record<string, Array<{ slug: string; title: string }>>> {
  const out: Record<string, Array<{ slug: string; title: string }>> = {};
  for (const c of await currentCards()) for (const term of c.version.meta.termRefs) (out[term] ??= []).push({ slug: c.slug, title: c.fm.title });
  for (const list of Object.values(out)) list.sort((a, b) => a.title.localeCompare(b.title, 'it'));
  return out;
}

/** The current cards, slug and title and topics (the register's form and its checks). */
export async function listCardTitles(): Promise<Array<{ slug: string; title: string; topics: string[] }>> {
  return (await currentCards()).map((c) => ({ slug: c.slug, title: c.fm.title, topics: c.fm.topics })).sort((a, b) => a.title.localeCompare(b.title, 'it'));
}

/** For each given card, the first module (course order) whose current version cites it: one query. */
export async function modulesForCards(slugs: string[]): Promise<Map<string, { courseSlug: string; slug: string; title: string }>> {
  const out = new Map<string, { courseSlug: string; slug: string; title: string }>();
  if (!slugs.length) return out;
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const rows = await db
    .select({ scope: d.scope, slug: d.slug, title: sql<string>`${v.frontmatter}->>'title'`, refs: sql<string[]>`${v.meta}->'cardRefs'` })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(schema.courses, eq(schema.courses.id, d.courseId))
    .where(and(eq(d.kind, 'module'), sql`${d.position} >= 1`))
    .orderBy(asc(schema.courses.title), asc(d.position), asc(d.slug));
  for (const slug of slugs) {
    const m = rows.find((r) => Array.isArray(r.refs) && r.refs.includes(slug));
    if (m) out.set(slug, { courseSlug: m.scope, slug: m.slug, title: m.title });
  }
  return out;
}
