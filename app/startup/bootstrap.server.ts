/**
 * Start-up: migrate; import content/ (only changed sources create versions); in the embedded
 * default (or with AULA_DEMO=true) seed demo organisations and accounts. Returns what the server
 * prints: where the data lives, the demo accounts, notes for a newcomer.
 */
import path from 'node:path';
import { count } from 'drizzle-orm';
import { env } from '~/utils/env.server';
import { dbKind, getDb, migrateDb, schema } from '~/utils/db.server';
import { ContentImportError, importContent } from './import-content.server';
import { clearImportProblems, recordImportProblems } from '~/content/import-report.server';
import { formatIssue } from '~/content/loader.server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed-demo.server';
import { backfillRevocationLog } from '~/certificates/revoke.server';

export interface BootstrapInfo {
  kind: 'pglite' | 'postgres';
  /** "PGlite in /path" or "PostgreSQL host:port/db" (never the password) */
  database: string;
  demo: boolean;
  accounts: Array<{ email: string; role: string }>;
  password: string | null;
  notes: string[];
}

export function describeDatabase(kind: 'pglite' | 'postgres'): string {
  if (kind === 'pglite') return `database PGlite integrato in ${env.dataDir.startsWith('memory://') ? 'memoria' : path.resolve(env.dataDir)}`;
  const url = new URL(env.databaseUrl!);
  return `database PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

export async function bootstrap({ log = console.log }: { log?: (s: string) => void } = {}): Promise<BootstrapInfo> {
  await migrateDb();
  const kind = await dbKind();
  const notes: string[] = [];
  if (!env.skipContentImport) {
    const root = path.resolve(process.cwd(), env.contentDir);
    try {
      const report = await importContent({ root });
      if (report.conflicts.length) {
        await recordImportProblems({ at: new Date().toISOString(), source: env.contentDir, issues: report.conflicts });
        log(`[aula] contenuti: ${report.conflicts.length} file in conflitto con versioni dello studio, non importati (dettagli in /admin/contenuti)`);
      } else await clearImportProblems();
      log(`[aula] contenuti: ${report.created.length} nuove versioni, ${report.unchanged} invariati`);
    } catch (error) {
      // A broken content folder never keeps Aula down: the last good versions stay in service, and
      // what was refused is logged and shown to admins at /admin/contenuti.
      const issues = error instanceof ContentImportError ? error.issues : [{ file: root, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) }];
      await recordImportProblems({ at: new Date().toISOString(), source: env.contentDir, issues });
      log(`[aula] contenuti NON importati (${issues.length} problemi): restano in servizio le ultime versioni valide`);
      for (const i of issues.slice(0, 20)) log(`         ${formatIssue(i)}`);
      notes.push('contenuti: importazione rifiutata, i dettagli sono in /admin/contenuti');
    }
  }
  await backfillRevocationLog();
  const demo = kind === 'pglite' || env.demo;
  if (demo) {
    const db = await getDb();
    const [{ n }] = (await db.select({ n: count() }).from(schema.users)) as [{ n: number }];
    if (Number(n) === 0 || env.demo) await seedDemo();
  }
  return {
    kind,
    database: describeDatabase(kind),
    demo,
    accounts: demo ? DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: 'also' in a ? [a.role, ...a.also].join('+') : a.role })) : [],
    password: demo ? DEMO_PASSWORD : null,
    notes: [
      ...notes,
      ...(env.smtpUrl
        ? [`posta in uscita tramite ${new URL(env.smtpUrl).hostname} (mittente ${env.mailFrom})`]
        : ['posta: nessun server SMTP configurato (SMTP_URL), quindi nessun messaggio parte; inviti e reimpostazioni si leggono in /admin/posta (accedi come amministratore)']),
    ],
  };
}
