import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, schema } from '~/utils/db.server';
import { commitBatch, dryRun, guessMapping, uploadEnrolmentFile } from '~/coordination/import.server';
import { fiscalCodeCheckChar } from '~/coordination/fiscal-code';
import { twoNetworks } from './coordination-helpers';

const ROWS = 5_000;
const KINDS = ['email', 'unit', 'fiscalCheck', 'duplicate', 'hostile', 'name'] as const;

/** A well-shaped fiscal code whose check character is wrong, different for each `i` (birth day 01–28, year 50–99). */
function wrongFiscalCode(i: number): string {
  const first15 = `RSSMRA${50 + (i % 50)}T${String(1 + (Math.floor(i / 50) % 28)).padStart(2, '0')}A562`;
  const right = fiscalCodeCheckChar(first15);
  return first15 + (right === 'A' ? 'B' : 'A');
}

describe('enrolment from a large file', () => {
  it('a file of 5,000 rows with 150 bad ones: the dry run lists exactly those 150, the commit creates 4,850', { timeout: 300_000 }, async () => {
    const n = await twoNetworks();
    const tag = n.tag;
    const email = (i: number) => `grande${i}.${tag}@aula.test`;
    const rows: string[][] = [];
    const expected: Array<[number, string]> = [];
    for (let i = 0; i < ROWS; i++) {
      const unit = i % 2 ? n.a1.name : n.a2.name;
      if (i % 33 !== 0 || i / 33 >= 150) {
        rows.push([email(i), `Persona ${i}`, unit, '']);
        continue;
      }
      const kind = KINDS[(i / 33) % KINDS.length]!;
      expected.push([i + 2, kind]);
      if (kind === 'email') rows.push([`non-valida-${i}`, `Persona ${i}`, unit, '']);
      else if (kind === 'unit') rows.push([email(i), `Persona ${i}`, n.b1.name, '']);
      else if (kind === 'fiscalCheck') rows.push([email(i), `Persona ${i}`, unit, wrongFiscalCode(i)]);
      else if (kind === 'duplicate') rows.push([email(i - 1), `Persona ${i}`, unit, '']);
      else if (kind === 'hostile') rows.push([email(i), `@cmd ${i}`, unit, '']);
      else rows.push([email(i), '', unit, '']);
    }
    expect(expected).toHaveLength(150);
    const bytes = new TextEncoder().encode(`\uFEFF${[['E-mail', 'Nome', 'Unità', 'Codice fiscale'], ...rows].map((r) => r.join(';')).join('\r\n')}`);
    const upload = await uploadEnrolmentFile({ actorId: n.coordinator.id, fileName: 'personale.csv', bytes });
    if (!upload.ok) throw new Error(`upload: ${upload.reason}`);
    const run = await dryRun({ actorId: n.coordinator.id, batchId: upload.batchId, mapping: guessMapping(['E-mail', 'Nome', 'Unità', 'Codice fiscale']) });
    if (!run.ok) throw new Error('dry run');
    expect(run.outcomes).toHaveLength(ROWS);
    expect(run.outcomes.filter((o) => !['new', 'assign', 'unchanged'].includes(o.outcome)).map((o) => [o.line, o.outcome])).toEqual(expected);
    expect(run.outcomes.filter((o) => o.outcome === 'new')).toHaveLength(4_850);

    const db = await getDb();
    const created = () =>
      db
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(like(schema.users.email, `%.${tag}@aula.test`));
    expect(await created()).toHaveLength(0);
    expect(await commitBatch({ actorId: n.coordinator.id, batchId: upload.batchId })).toEqual({ ok: true, created: 4_850, assigned: 0, unchanged: 0 });
    expect(await created()).toHaveLength(4_850);
  });
});
