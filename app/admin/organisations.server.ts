/**
 * The admin's management of the organisation tree: create, edit (name, kind, IPA code, yearly
 * target), move without cycles, retire and restore. Moves take a transaction-level advisory lock, so
 * two concurrent moves cannot build a cycle between them. Every change is audited.
 */
import { asc, eq, isNull, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { subtreeOf } from '~/coordination/scope.server';

export const ORG_KINDS = schema.orgKindEnum.enumValues;
export type OrgKind = (typeof ORG_KINDS)[number];

export async function listOrganisationTree() {
  const db = await getDb();
  const o = schema.organisations;
  const rows = await db
    .select({
      id: o.id,
      name: o.name,
      kind: o.kind,
      parentId: o.parentId,
      ipaCode: o.ipaCode,
      yearlyHoursTarget: o.yearlyHoursTarget,
      retiredAt: o.retiredAt,
      members: sql<number>`(select count(*)::int from memberships m where m.organisation_id = organisations.id)`,
    })
    .from(o)
    .orderBy(asc(o.name));
  // Depth-first order with depth, for an indented list.
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) {
    const key = r.parentId && rows.some((p) => p.id === r.parentId) ? r.parentId : null;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const out: Array<(typeof rows)[number] & { depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ ...r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export type OrgResult = { ok: true; id: string } | { ok: false; reason: 'notFound' | 'duplicateName' | 'duplicateIpa' | 'cycle' | 'parentRetired' | 'hasActiveChildren' };

interface OrgFields {
  name: string;
  kind: OrgKind;
  parentId: string | null;
  ipaCode: string | null;
  yearlyHoursTarget: number | null;
}

async function lockTree(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('aula:organisation-tree'))`);
}

async function conflicts(tx: DbOrTx, fields: Pick<OrgFields, 'name' | 'ipaCode'>, exceptId: string | null): Promise<OrgResult | null> {
  const o = schema.organisations;
  const [byName] = await tx
    .select({ id: o.id })
    .from(o)
    .where(sql`lower(${o.name}) = lower(${fields.name}) and ${o.id}::text <> ${exceptId ?? ''}`);
  if (byName) return { ok: false, reason: 'duplicateName' };
  if (fields.ipaCode) {
    const [byIpa] = await tx
      .select({ id: o.id })
      .from(o)
      .where(sql`${o.ipaCode} = ${fields.ipaCode} and ${o.id}::text <> ${exceptId ?? ''}`);
    if (byIpa) return { ok: false, reason: 'duplicateIpa' };
  }
  return null;
}

async function checkParent(tx: DbOrTx, parentId: string | null): Promise<OrgResult | null> {
  if (!parentId) return null;
  const [parent] = await tx.select({ retiredAt: schema.organisations.retiredAt }).from(schema.organisations).where(eq(schema.organisations.id, parentId));
  if (!parent) return { ok: false, reason: 'notFound' };
  if (parent.retiredAt) return { ok: false, reason: 'parentRetired' };
  return null;
}

export async function createOrganisation({ actorId, fields }: { actorId: string; fields: OrgFields }): Promise<OrgResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<OrgResult> => {
    await lockTree(tx);
    const problem = (await conflicts(tx, fields, null)) ?? (await checkParent(tx, fields.parentId));
    if (problem) return problem;
    const [row] = await tx.insert(schema.organisations).values(fields).returning({ id: schema.organisations.id });
    await tx.insert(schema.auditLog).values({ actorId, action: 'organisation.create', target: row!.id, data: JSON.stringify(fields) });
    return { ok: true, id: row!.id };
  });
}

/** Edits a unit; a new parent must not be the unit itself or one of its descendants. */
export async function updateOrganisation({ actorId, id, fields }: { actorId: string; id: string; fields: OrgFields }): Promise<OrgResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<OrgResult> => {
    await lockTree(tx);
    const [current] = await tx.select().from(schema.organisations).where(eq(schema.organisations.id, id));
    if (!current) return { ok: false, reason: 'notFound' };
    const problem = await conflicts(tx, fields, id);
    if (problem) return problem;
    if (fields.parentId !== current.parentId && fields.parentId) {
      const parentProblem = await checkParent(tx, fields.parentId);
      if (parentProblem) return parentProblem;
      const [inside] = await tx
        .select({ id: schema.organisations.id })
        .from(schema.organisations)
        .where(sql`${schema.organisations.id} = ${fields.parentId} and ${schema.organisations.id} in ${subtreeOf(id)}`);
      if (inside) return { ok: false, reason: 'cycle' };
    }
    await tx.update(schema.organisations).set(fields).where(eq(schema.organisations.id, id));
    const changed = Object.fromEntries((Object.keys(fields) as Array<keyof OrgFields>).filter((k) => fields[k] !== current[k]).map((k) => [k, { from: current[k], to: fields[k] }]));
    await tx.insert(schema.auditLog).values({ actorId, action: fields.parentId !== current.parentId ? 'organisation.move' : 'organisation.update', target: id, data: JSON.stringify(changed) });
    return { ok: true, id };
  });
}

/** Retires a unit (it stays in reports and history); refused while it has units still active below it. */
export async function retireOrganisation({ actorId, id, retire }: { actorId: string; id: string; retire: boolean }): Promise<OrgResult> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<OrgResult> => {
    await lockTree(tx);
    const [current] = await tx.select().from(schema.organisations).where(eq(schema.organisations.id, id));
    if (!current) return { ok: false, reason: 'notFound' };
    if (retire) {
      const [child] = await tx
        .select({ id: schema.organisations.id })
        .from(schema.organisations)
        .where(sql`${schema.organisations.parentId} = ${id} and ${schema.organisations.retiredAt} is null`);
      if (child) return { ok: false, reason: 'hasActiveChildren' };
    } else if (current.parentId) {
      const parentProblem = await checkParent(tx, current.parentId);
      if (parentProblem) return parentProblem;
    }
    await tx
      .update(schema.organisations)
      .set({ retiredAt: retire ? new Date() : null })
      .where(eq(schema.organisations.id, id));
    await tx.insert(schema.auditLog).values({ actorId, action: retire ? 'organisation.retire' : 'organisation.restore', target: id, data: JSON.stringify({ name: current.name }) });
    return { ok: true, id };
  });
}

/** Active units for pickers (role scope, provisioning). */
export async function listActiveOrganisations() {
  const db = await getDb();
  return db.select({ id: schema.organisations.id, name: schema.organisations.name }).from(schema.organisations).where(isNull(schema.organisations.retiredAt)).orderBy(asc(schema.organisations.name));
}
