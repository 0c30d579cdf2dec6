/**
 * The one place that builds the database client (DESIGN.md §3).
 * DATABASE_URL set → PostgreSQL through postgres.js; unset → embedded PGlite in AULA_DATA_DIR.
 * Both speak the same drizzle pg-core schema and run the same migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from '~db/schema';
import { env } from './env.server';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;
export { schema };

/** Plain SQL with positional parameters, for libraries that bring their own SQL (the job queue). */
export type RawExecute = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

interface Handle {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate: () => Promise<void>;
  close: () => Promise<void>;
  raw: RawExecute;
}

async function open(): Promise<Handle> {
  const url = env.databaseUrl;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(url, {
      max: env.databasePoolSize,
      // During an outage a request fails within about 2 s (then the 503 page), instead of hanging.
      connect_timeout: 1.5,
      // Reconnect at once when the database is back. postgres.js otherwise waits an exponentially
      // growing delay (up to 20 s) after failed connections, and queries queue behind it.
      backoff: () => 0.05,
      onnotice: () => {},
      // PostgreSQL's JIT compiles a query when its estimated cost is high: the coordinators'
      // aggregates over 20,000 people spent 1.3 s compiling for 0.7 s of work (bench:coordination).
      connection: { jit: 'off' },
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migrate(db as never, { migrationsFolder: env.migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
      raw: async (text, values) => ({ rows: [...(await client.unsafe(text, (values ?? []) as never[]))] }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = env.dataDir;
  if (!dir.startsWith('memory://')) fs.mkdirSync(path.dirname(dir), { recursive: true });
  const client = new PGlite(dir, { extensions: { unaccent, pg_trgm } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db as never, { migrationsFolder: env.migrationsFolder }),
    close: () => client.close(),
    raw: async (text, values) => {
      if (values?.length) return { rows: (await client.query(text, values)).rows };
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
  };
}

declare global {
  var __aulaDb: Promise<Handle> | undefined;
}

function handle(): Promise<Handle> {
  // One client per process, also across dev-server reloads.
  globalThis.__aulaDb ??= open();
  return globalThis.__aulaDb;
}

export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

export async function dbKind(): Promise<'postgres' | 'pglite'> {
  return (await handle()).kind;
}

/**
 * How the job queue (pg-boss) reaches the database. On PostgreSQL it gets its own small pool through
 * its bundled `pg` driver (it sends multi-statement transactions, which postgres.js refuses on a
 * shared pool); on PGlite it shares this process's client through `rawExecute`.
 */
export async function jobQueueDatabase(): Promise<{ connectionString: string; max: number } | { db: { executeSql: RawExecute } }> {
  const url = env.databaseUrl;
  if (url) return { connectionString: url, max: 2 };
  return { db: { executeSql: rawExecute } };
}

export async function rawExecute(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
  return (await handle()).raw(text, values);
}

export async function migrateDb(): Promise<void> {
  await (await handle()).migrate();
}

export async function closeDb(): Promise<void> {
  const h = globalThis.__aulaDb;
  globalThis.__aulaDb = undefined;
  if (h) await (await h).close();
}

/**
 * A query built once per database client and prepared by name: hot paths skip rebuilding the SQL on
 * every request, and PostgreSQL keeps the statement. `build` must use `sql.placeholder` for values.
 */
export function preparedQuery<T>(build: (db: Db) => T): () => Promise<T> {
  const memo = new WeakMap<Db, T>();
  return async () => {
    const db = await getDb();
    let q = memo.get(db);
    if (q === undefined) {
      q = build(db);
      memo.set(db, q);
    }
    return q;
  };
}

/** True when the database answers `select 1` within `timeoutMs`. */
export async function pingDb(timeoutMs = 1500): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const db = await getDb();
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([db.execute(sql`select 1`).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// postgres.js connection failures, and the server-side codes of a database going away.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-3])/;

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) out.push(e);
  return out;
}

/** True when an error (or its cause: drizzle wraps driver errors) means the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = (e as { code?: unknown })?.code;
    return typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code));
  });
}

/**
 * An error as it may be logged: a failed statement keeps its SQL text but never its values
 * (drizzle's message lists the parameters: e-mails, session hashes).
 */
export function describeDatabaseError(error: unknown): unknown {
  const query = (error as { query?: unknown })?.query;
  if (typeof query !== 'string') return error;
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  // PostgreSQL quotes offending values in its messages ("…", Key (x)=(…)): those are redacted too.
  const reason = cause?.message ? cause.message.replace(/"[^"]*"/g, '"…"').replace(/=\([^)]*\)/g, '=(…)') : '';
  const safe = new Error(`Failed query: ${query}${reason ? `\n${cause?.code ?? ''} ${reason}` : ''}`);
  const frames = ((error as Error).stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  safe.stack = `${safe.message}\n${frames.join('\n')}`;
  return safe;
}
