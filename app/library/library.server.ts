import { asc, eq } from 'drizzle-orm';
import type { GlossaryTerm, Office, Synonym } from '~/content/formats';
import { getDb, schema, type Tx } from '~/utils/db.server';

/** Replaces glossary, offices and synonyms with the imported lists (inside the import transaction). */
export async function replaceLibraryData(tx: Tx, data: { glossary: GlossaryTerm[]; offices: Office[]; synonyms: Synonym[] }) {
  await tx.delete(schema.glossaryTerms);
  if (data.glossary.length)
    await tx
      .insert(schema.glossaryTerms)
      .values(data.glossary.map((g) => ({ id: g.id, term: g.term, expansion: g.expansion ?? null, definition: g.definition, source: g.source ?? null, aliases: g.aliases })));
  await tx.delete(schema.offices);
  if (data.offices.length) await tx.insert(schema.offices).values(data.offices.map((o) => ({ id: o.id, name: o.name, kind: o.kind, data: o })));
  await tx.delete(schema.synonyms);
  if (data.synonyms.length) await tx.insert(schema.synonyms).values(data.synonyms.map((s) => ({ abbr: s.abbr, expands: s.expands })));
}

export async function listGlossary() {
  const db = await getDb();
  return db.select().from(schema.glossaryTerms).orderBy(asc(schema.glossaryTerms.term));
}

export async function getGlossaryTerm(id: string) {
  const db = await getDb();
  const rows = await db.select().from(schema.glossaryTerms).where(eq(schema.glossaryTerms.id, id));
  return rows[0] ?? null;
}

export const UNVERIFIED = 'da verificare';

/** A detail of an office as the page shows it: its text (null when missing or not confirmed) and whether it must be checked. */
export interface OfficeField {
  value: string | null;
  unverified: boolean;
}

export interface OfficeView {
  id: string;
  name: string;
  kind: string;
  address: OfficeField;
  hours: OfficeField;
  phone: OfficeField;
  email: OfficeField;
  services: string[];
  languages: { values: string[]; unverified: boolean };
  source: string | null;
}

const isPlaceholder = (v: string | undefined) => !v || v.trim().toLowerCase() === UNVERIFIED;

/** Offices.yaml as shown to operators: a detail listed in `unverified` or written "da verificare" is never shown as confirmed. */
export function officeView(o: Office): OfficeView {
  const unverified = new Set(o.unverified);
  const field = (key: 'address' | 'hours' | 'phone' | 'email'): OfficeField => {
    const raw = o[key];
    return { value: isPlaceholder(raw) ? null : raw!.trim(), unverified: unverified.has(key) || raw?.trim().toLowerCase() === UNVERIFIED };
  };
  const languages = o.languages.filter((l) => !isPlaceholder(l));
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    address: field('address'),
    hours: field('hours'),
    phone: field('phone'),
    email: field('email'),
    services: o.services.filter((s) => !isPlaceholder(s)),
    languages: { values: languages, unverified: unverified.has('languages') || languages.length < o.languages.length },
    source: o.source ?? null,
  };
}

export async function listOffices({ kind }: { kind?: string } = {}): Promise<OfficeView[]> {
  const db = await getDb();
  const rows = await db
    .select({ data: schema.offices.data })
    .from(schema.offices)
    .where(kind ? eq(schema.offices.kind, kind) : undefined)
    .orderBy(asc(schema.offices.name));
  return rows.map((r) => officeView(r.data));
}

/** Office kinds that have at least one office, for the filter. */
export async function listOfficeKinds(): Promise<string[]> {
  const db = await getDb();
  const rows = await db.selectDistinct({ kind: schema.offices.kind }).from(schema.offices).orderBy(asc(schema.offices.kind));
  return rows.map((r) => r.kind);
}
