import { asc, eq } from 'drizzle-orm';
import type { GlossaryTerm, Office, Synonym } from '~/courses/formats';
import { getDb, schema, type Tx } from '~/utils/db.server';

/** Replaces glossary, offices and synonyms with the imported lists (inside the import transaction). */
export async function replaceLibraryData(tx: Tx, data: { glossary: GlossaryTerm[]; offices: Office[]; synonyms: Synonym[] }) {
  await tx.delete(schema.glossaryTerms);
  if (data.glossary.length)
    await tx.insert(schema.glossaryTerms).values(
      data.glossary.map((g) => ({ id: g.id, term: g.term, expansion: g.expansion ?? null, definition: g.definition, source: g.source ?? null, aliases: g.aliases })),
    );
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
