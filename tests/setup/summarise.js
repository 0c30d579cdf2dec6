// Sums the JSON reports of every suite (vitest and Playwright, PGlite and PostgreSQL runs) and
// prints the total as the last line: "N passed, M failed".
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
let passed = 0;
let failed = 0;
const walk = (dir) => {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.json')) count(p);
  }
};
function count(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  let p = 0;
  let q = 0;
  if (typeof r.numPassedTests === 'number') {
    // vitest
    p = r.numPassedTests;
    q = r.numFailedTests + (r.numTodoTests ?? 0) + (r.numPendingTests ?? 0);
  } else if (r.stats) {
    // Playwright
    p = r.stats.expected + (r.stats.flaky ?? 0);
    q = r.stats.unexpected + (r.stats.skipped ?? 0);
  }
  console.log(`${path.relative(root, file)}: ${p} passed, ${q} failed`);
  passed += p;
  failed += q;
}
walk(root);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
