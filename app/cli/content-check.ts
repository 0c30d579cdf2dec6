// npm run content:check [dir] — validates every content file without a database and prints
// words and Gulpease readability for each document.
import path from 'node:path';
import { checkContent } from '~/content/check.server';

const root = path.resolve(process.argv[2] ?? 'content');
const report = checkContent(root);
console.log(report.text);
process.exit(report.errors.length ? 1 : 0);
