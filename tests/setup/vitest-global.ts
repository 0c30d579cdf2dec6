/**
 * Vitest global setup. With DATABASE_URL (the PostgreSQL run) migrations are applied once here,
 * before any worker starts; without it each worker gets its own in-memory PGlite (vitest-db.ts).
 */
export default async function setup() {
  if (!process.env.DATABASE_URL) return;
  const { migrateDb, closeDb } = await import('../../app/utils/db.server');
  await migrateDb();
  await closeDb();
}
