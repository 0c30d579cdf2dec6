import { afterAll, beforeAll } from 'vitest';

// Each test file on PGlite gets a fresh in-memory database; on PostgreSQL it shares the run's database.
if (!process.env.DATABASE_URL) process.env.AULA_DATA_DIR = 'memory://';
process.env.NODE_ENV ??= 'test';

beforeAll(async () => {
  if (process.env.DATABASE_URL) return;
  const { migrateDb } = await import('~/utils/db.server');
  await migrateDb();
});

afterAll(async () => {
  const { closeDb } = await import('~/utils/db.server');
  await closeDb();
});
