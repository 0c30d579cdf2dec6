import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PERSONAL_COLUMNS, PRIVACY_REGISTRY } from '~/privacy/registry';
import { getDb } from '~/utils/db.server';

async function columns() {
  const db = await getDb();
  const result = (await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public'`)) as unknown as
    Array<{ table_name: string; column_name: string }> | { rows: Array<{ table_name: string; column_name: string }> };
  return Array.isArray(result) ? result : result.rows;
}

describe('the privacy registry', () => {
  it('declares every table that holds a person’s identifier, with its export and erasure rule', async () => {
    const personal = new Set((await columns()).filter((c) => PERSONAL_COLUMNS.test(c.column_name)).map((c) => c.table_name));
    const missing = [...personal].filter((t) => !PRIVACY_REGISTRY[t]).sort();
    expect(missing, 'tables with personal data but no declaration in app/privacy/registry.ts').toEqual([]);
  });

  it('declares only tables that exist, each with a reason', async () => {
    const tables = new Set((await columns()).map((c) => c.table_name));
    for (const [name, d] of Object.entries(PRIVACY_REGISTRY)) {
      expect(tables.has(name), name).toBe(true);
      expect(d.why.length, name).toBeGreaterThan(20);
    }
  });
});
