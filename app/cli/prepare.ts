// npm run dev runs this first: migrate, import content/, seed the demo in embedded mode.
import { bootstrap } from '~/startup/bootstrap.server';
import { closeDb } from '~/utils/db.server';

const info = await bootstrap();
if (info.demo) console.log(`[aula] account dimostrativi (password ${info.password}): ${info.accounts.map((a) => a.email).join(', ')}`);
await closeDb();
