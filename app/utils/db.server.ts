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

interface Handle {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate: () => Promise<void>;
  close: () => Promise<void>;
}

async function open(): Promise<Handle> {
  const url = env.databaseUrl;
  if (url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(url, {
      max: Number(process.env.DATABASE_POOL_SIZE || 10),
      onnotice: () => {},
    });
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migrate(db as never, { migrationsFolder: env.migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
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
  };
}

declare global {
  // eslint-disable-next-line no-var
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

export async function pingDb(): Promise<boolean> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
