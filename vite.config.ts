import { vitePlugin as remix } from '@remix-run/dev';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const underVitest = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: underVitest ? [] : [remix(remixConfig)],
  resolve: {
    alias: {
      '~db': fileURLToPath(new URL('./db', import.meta.url)),
      '~': fileURLToPath(new URL('./app', import.meta.url)),
    },
  },
  server: { port: 3000 },
  build: { assetsInlineLimit: 0 },
  ssr: { noExternal: [] },
  test: {
    // Fault tests start their own PostgreSQL cluster and the production server: they run once, in
    // the first pass of .ci/run (the PostgreSQL pass sets DATABASE_URL and skips them).
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', ...(process.env.DATABASE_URL ? [] : ['tests/fault/**/*.test.ts'])],
    globalSetup: ['tests/setup/vitest-global.ts'],
    setupFiles: ['tests/setup/vitest-db.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // On PostgreSQL the files share one database: run them one after the other.
    fileParallelism: !process.env.DATABASE_URL,
    reporters: process.env.AULA_REPORT_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.AULA_REPORT_DIR ? { json: `${process.env.AULA_REPORT_DIR}/vitest.json` } : undefined,
  },
});
