// npm run content:import [dir] — validates, compiles changed MDX, stores immutable versions.
import path from 'node:path';
import { ContentImportError, importContent } from '~/startup/import-content.server';
import { closeDb, migrateDb } from '~/utils/db.server';

const root = path.resolve(process.argv[2] ?? 'content');
let code = 0;
try {
  await migrateDb();
  const report = await importContent({ root });
  for (const c of report.created) console.log(`  nuova versione: ${c.kind === 'module' ? 'modulo' : 'scheda'} ${c.slug} v${c.versionNo}`);
  for (const c of report.conflicts) console.log(`  non importato (conflitto con lo studio): ${c.file} — ${c.message}`);
  console.log(`Importazione completata: ${report.created.length} nuove versioni, ${report.unchanged} documenti invariati.`);
} catch (err) {
  code = 1;
  if (err instanceof ContentImportError) console.error(err.message);
  else console.error(err);
} finally {
  await closeDb();
}
process.exit(code);
