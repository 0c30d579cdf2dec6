// npm run db:migrate — applies the committed drizzle migrations (PGlite or DATABASE_URL).
import { closeDb, dbKind, migrateDb } from '~/utils/db.server';

await migrateDb();
console.log(`Migrazioni applicate (${await dbKind()}).`);
await closeDb();
