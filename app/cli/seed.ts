// npm run db:seed [-- --demo] — demo organisations and accounts. On PostgreSQL only with --demo.
import { closeDb, dbKind, migrateDb } from '~/utils/db.server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from '~/startup/seed-demo.server';

await migrateDb();
const kind = await dbKind();
if (kind === 'postgres' && !process.argv.includes('--demo')) {
  console.error('Su PostgreSQL gli account dimostrativi si creano solo con --demo (npm run db:seed -- --demo).');
  await closeDb();
  process.exit(1);
}
const { created } = await seedDemo();
console.log(`Account dimostrativi: ${created} creati (password ${DEMO_PASSWORD}).`);
for (const a of DEMO_ACCOUNTS) console.log(`  ${('also' in a ? [a.role, ...a.also].join('+') : a.role).padEnd(12)} ${a.email}`);
await closeDb();
