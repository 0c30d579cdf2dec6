/**
 * Turns what an operator types into a PostgreSQL tsquery string, safely and without the database.
 *
 * User text never reaches SQL as syntax: it is cut into tokens made only of letters and digits
 * (plus `.` or `/` between them, for "d.lgs" and "286/1998"), each token is quoted, and the
 * resulting string is passed as a bound parameter to `to_tsquery('italian', aula_unaccent($1))`.
 * Quotes, backslashes, `&|!:*()<>`, emoji and control characters can therefore never change the
 * query's structure.
 *
 * Abbreviations (PdS, TU, C3 …) come from the editable list in content/library/synonyms.yaml. The
 * index marks every text that writes an abbreviation or one of its expansions with the
 * abbreviation's marker word; a typed abbreviation, or a typed expansion of two or more words,
 * also matches that marker.
 */
import { OFFICE_KINDS, TOPICS } from '~/content/formats';
import { z } from '~/utils/zod';

export const MAX_QUERY_LENGTH = 200;
/** More words than this add cost, not precision. */
export const MAX_GROUPS = 8;
export const PAGE_SIZE = 10;
/** The best candidates (by title and summary) that are fully ranked; pages go up to this many results. */
export const CANDIDATES = 100;
export const MAX_PAGES = CANDIDATES / PAGE_SIZE;
export const RESULT_KINDS = ['scheda', 'glossario', 'ufficio'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export interface SynonymEntry {
  abbr: string;
  expands: string[];
}

/** One group of alternatives: what the operator typed (first) and the marker of its abbreviation. Each alternative is a list of words, all required. */
export interface QueryGroup {
  typed: string;
  alternatives: string[][];
  /** typed by hand (not an abbreviation or a phrase): a candidate for typo correction */
  correctable: boolean;
}

const TOKEN = /[\p{L}\p{N}]+(?:[./][\p{L}\p{N}]+)*/gu;

/**
 * Letters that PostgreSQL's `unaccent` turns into an apostrophe (ʹ ʻ ʼ ʽ ˈ) or a double quote (ʺ):
 * after quoting they would end the quoted word early and break the tsquery. They are apostrophes in
 * effect, so they separate words, as ' does; ŉ becomes n.
 */
const QUOTE_LETTERS = /[\u02B9-\u02BD\u02C8]/gu;

/** Lower case, NFC, accents kept (the database unaccents both sides). */
function norm(s: string) {
  return s
    .normalize('NFC')
    .replace(QUOTE_LETTERS, ' ')
    .replace(/\u0149/gu, 'n')
    .toLocaleLowerCase('it-IT');
}

/** Letters and digits only, accents removed: the key abbreviations are looked up by ("D.Lgs." → "dlgs"). */
export function compactKey(s: string) {
  return norm(s)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** The words of a text as the search sees them. */
export function tokenize(s: string): string[] {
  return [...norm(s).matchAll(TOKEN)].map((m) => m[0]);
}

/**
 * The marker word the index adds wherever a text writes an abbreviation or one of its expansions
 * (search-index.server.ts builds the same word in SQL): "PdS" → "zzpdszz".
 */
export function markerFor(abbr: string) {
  return `zz${compactKey(abbr)}zz`;
}

export interface SynonymIndex {
  /** compact abbreviation → its marker */
  byAbbr: Map<string, string>;
  /** expansions of two or more words (as compact words), longest first, with their marker */
  phrases: Array<{ words: string[]; marker: string }>;
}

export function buildSynonymIndex(entries: SynonymEntry[]): SynonymIndex {
  const byAbbr = new Map<string, string>();
  const phrases: SynonymIndex['phrases'] = [];
  for (const e of entries) {
    const key = compactKey(e.abbr);
    if (!key) continue;
    byAbbr.set(key, markerFor(e.abbr));
    for (const words of e.expands.map(tokenize)) if (words.length > 1) phrases.push({ words: words.map(compactKey), marker: markerFor(e.abbr) });
  }
  phrases.sort((a, b) => b.words.length - a.words.length);
  return { byAbbr, phrases };
}

/** Groups of alternatives for a (length-checked) query. */
export function planQuery(q: string, synonyms: SynonymIndex): QueryGroup[] {
  const groups: QueryGroup[] = [];
  // Whole whitespace-separated words first, so that "D.Lgs." or "L2" are found as abbreviations.
  const pieces: Array<{ raw: string; tokens: string[] }> = norm(q)
    .split(/\s+/)
    .filter(Boolean)
    .map((raw) => ({ raw, tokens: tokenize(raw) }))
    .filter((p) => p.tokens.length > 0);
  // Flatten into a token stream, remembering which pieces were a whole abbreviation.
  const stream: Array<{ token: string; marker?: string; tokens?: string[] }> = [];
  for (const p of pieces) {
    const marker = synonyms.byAbbr.get(compactKey(p.raw));
    if (marker) stream.push({ token: p.tokens.join(' '), marker, tokens: p.tokens });
    else for (const t of p.tokens) stream.push({ token: t });
  }
  for (let i = 0; i < stream.length; i++) {
    const cur = stream[i]!;
    if (cur.marker) {
      groups.push({ typed: cur.token, alternatives: [cur.tokens!, [cur.marker]], correctable: false });
      continue;
    }
    // A typed expansion ("permesso di soggiorno") also matches the texts that write its abbreviation.
    const phrase = synonyms.phrases.find((p) => p.words.every((w, k) => stream[i + k] && !stream[i + k]!.marker && compactKey(stream[i + k]!.token) === w));
    if (phrase) {
      const typed = stream.slice(i, i + phrase.words.length).map((s) => s.token);
      groups.push({ typed: typed.join(' '), alternatives: [typed, [phrase.marker]], correctable: false });
      i += phrase.words.length - 1;
      continue;
    }
    // One letter on its own carries no meaning (and as a prefix it would match everything).
    if ([...cur.token].length < 2) continue;
    groups.push({ typed: cur.token, alternatives: [[cur.token]], correctable: /^\p{L}{4,}$/u.test(cur.token) });
  }
  return groups.slice(0, MAX_GROUPS);
}

/** A token as a quoted tsquery operand; tokens hold only letters, digits, `.` and `/`. */
function operand(word: string, prefix: boolean) {
  const safe = word.replace(/[^\p{L}\p{N}./]/gu, '');
  return safe ? `'${safe}'${prefix ? ':*' : ''}` : '';
}

/**
 * The tsquery text: groups joined by AND (or OR for the partial fallback), alternatives by OR, the
 * words of a typed phrase by AND. No phrase operator (`<->`): it would make PostgreSQL recheck every
 * candidate row. Typed words match as prefixes, so results come as you type.
 */
export function toTsquery(groups: QueryGroup[], mode: 'and' | 'or' = 'and'): string {
  const parts = groups
    .map((g) => {
      const alts = g.alternatives
        .map((words, index) => {
          const ops = words.map((w) => operand(w, index === 0)).filter(Boolean);
          if (!ops.length) return '';
          return ops.length === 1 ? ops[0]! : `(${ops.join(' & ')})`;
        })
        .filter(Boolean);
      if (!alts.length) return '';
      return alts.length === 1 ? alts[0]! : `(${alts.join(' | ')})`;
    })
    .filter(Boolean);
  return parts.join(mode === 'and' ? ' & ' : ' | ');
}

/** Replaces correctable words by their corrections (typo tolerance); returns null when nothing changed. */
export function correctGroups(groups: QueryGroup[], corrections: Map<string, string>): QueryGroup[] | null {
  let changed = false;
  const out = groups.map((g) => {
    const fix = g.correctable ? corrections.get(compactKey(g.typed)) : undefined;
    if (!fix || fix === compactKey(g.typed)) return g;
    changed = true;
    return { typed: fix, alternatives: [[fix]], correctable: false };
  });
  return changed ? out : null;
}

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) => z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(values, { message }).optional());

/** The search form (GET): q, tema, ufficio, tipo, pagina. */
export const searchParamsSchema = z.object({
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `La ricerca può contenere al massimo ${MAX_QUERY_LENGTH} caratteri: accorciala.`)
    .default('')
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()),
  tema: optionalEnum(TOPICS, 'Il tema scelto non esiste.'),
  ufficio: optionalEnum(OFFICE_KINDS, 'Il tipo di ufficio scelto non esiste.'),
  tipo: optionalEnum(RESULT_KINDS, 'Il tipo di risultato scelto non esiste.'),
  pagina: z.preprocess(
    (v) => (v === '' || v == null ? undefined : v),
    z.coerce
      .number({ message: 'Il numero di pagina non è valido.' })
      .int('Il numero di pagina non è valido.')
      .min(1, 'Il numero di pagina non è valido.')
      .max(MAX_PAGES, `Si possono vedere al massimo ${MAX_PAGES} pagine di risultati.`)
      .default(1),
  ),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;

/** Parses URL search parameters; the first problem comes back as an Italian message. */
export function parseSearchParams(params: URLSearchParams): { data: SearchParams; error: null } | { data: null; error: string; q: string } {
  const raw = Object.fromEntries(['q', 'tema', 'ufficio', 'tipo', 'pagina'].map((k) => [k, params.get(k) ?? undefined]));
  const parsed = searchParamsSchema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, error: null };
  return { data: null, error: parsed.error.issues[0]?.message ?? 'La ricerca non è valida.', q: String(raw.q ?? '').slice(0, MAX_QUERY_LENGTH) };
}
