/** The audit log: filters (actor, action, object, dates), pages, and the CSV export (itself audited). */
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { getDb, schema } from '~/utils/db.server';

export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  page?: number;
}

const PAGE = 100;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(f: AuditFilters): SQL | undefined {
  const a = schema.auditLog;
  const u = schema.users;
  const where: SQL[] = [];
  if (f.actor) where.push(or(ilike(u.name, `%${escapeLike(f.actor)}%`), ilike(u.email, `%${escapeLike(f.actor)}%`))!);
  if (f.action) where.push(ilike(a.action, `${escapeLike(f.action)}%`));
  if (f.target) where.push(ilike(a.target, `%${escapeLike(f.target)}%`));
  if (f.from) where.push(gte(a.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lt(a.createdAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  return where.length ? and(...where) : undefined;
}

async function query(f: AuditFilters, limit: number, offset: number) {
  const db = await getDb();
  const a = schema.auditLog;
  return db
    .select({
      id: a.id,
      createdAt: a.createdAt,
      action: a.action,
      target: a.target,
      data: a.data,
      actorName: schema.users.name,
      actorEmail: schema.users.email,
      targetName: sql<string | null>`(select t.name from users t where t.id::text = ${a.target})`,
    })
    .from(a)
    .leftJoin(schema.users, eq(schema.users.id, a.actorId))
    .where(conditions(f))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(limit)
    .offset(offset);
}

export async function listAudit(f: AuditFilters) {
  const page = Math.max(1, f.page ?? 1);
  const rows = await query(f, PAGE + 1, (page - 1) * PAGE);
  const db = await getDb();
  const actions = await db.selectDistinct({ action: schema.auditLog.action }).from(schema.auditLog).orderBy(schema.auditLog.action);
  return { entries: rows.slice(0, PAGE), page, hasNext: rows.length > PAGE, actions: actions.map((r) => r.action) };
}

/** At most 100,000 rows, newest first, UTF-8 with BOM for spreadsheets; the export is audited. */
export async function exportAuditCsv({ actorId, filters }: { actorId: string; filters: AuditFilters }): Promise<string> {
  const rows = await query(filters, 100_000, 0);
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId, action: 'audit.export', target: null, data: JSON.stringify({ filters, rows: rows.length }) });
  return stringify(
    [
      ['data_ora', 'azione', 'autore', 'email_autore', 'oggetto', 'nome_oggetto', 'dettagli'],
      ...rows.map((r) => [r.createdAt.toISOString(), r.action, r.actorName ?? '', r.actorEmail ?? '', r.target ?? '', r.targetName ?? '', r.data ?? '']),
    ],
    { bom: true },
  );
}
