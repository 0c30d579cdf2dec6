import path from 'node:path';
import { count } from 'drizzle-orm';
import { importContent } from '~/startup/import-content.server';
import { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from '~db/seed/demo';
import { dbKind, getDb, migrateDb, schema } from '~/utils/db.server';

/**
 * Start-up: migrate; import content/ (only changed sources create versions); in the embedded
 * default (or with AULA_DEMO=true) seed demo organisations and accounts.
 */
export async function bootstrap({ log = console.log }: { log?: (s: string) => void } = {}) {
  await migrateDb();
  const kind = await dbKind();
  if (process.env.AULA_SKIP_CONTENT_IMPORT !== 'true') {
    const report = await importContent({ root: path.resolve(process.cwd(), process.env.AULA_CONTENT_DIR || 'content') });
    log(`[aula] contenuti: ${report.created.length} nuove versioni, ${report.unchanged} invariati`);
  }
  const demo = kind === 'pglite' || process.env.AULA_DEMO === 'true';
  if (demo) {
    const db = await getDb();
    const [{ n }] = (await db.select({ n: count() }).from(schema.users)) as [{ n: number }];
    if (Number(n) === 0 || process.env.AULA_DEMO === 'true') await seedDemo();
  }
  return { kind, demo, accounts: demo ? DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role })) : [], password: demo ? DEMO_PASSWORD : null };
}
