import purgeCss from '@fullhuman/postcss-purgecss';
import { vitePlugin as remix } from '@remix-run/dev';
import type { Plugin as PostcssPlugin, Root, Helpers } from 'postcss';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const underVitest = Boolean(process.env.VITEST);

/**
 * Production builds ship only the part of Bootstrap Italia that Aula's pages use (issue 18): PurgeCSS
 * keeps the selectors whose class, id or element names occur in the app's source or in the content,
 * and the CSS variables those rules use. Our own stylesheets are left whole. Markdown becomes HTML
 * elements that no source file names, so every element selector of prose is kept; classes set by
 * string concatenation are listed in the safelist. tests/e2e/styles.test.ts compares screenshots of
 * pages with the purged and the full stylesheet.
 */
const PROSE_ELEMENTS =
  'html body main header footer nav section article aside h1 h2 h3 h4 h5 h6 p a ul ol li dl dt dd table caption thead tbody tfoot tr th td blockquote strong b em i code pre kbd hr img figure figcaption small abbr sup sub details summary mark time button input select option textarea label fieldset legend svg progress output'.split(
    ' ',
  );
function purgeBootstrapItalia(): PostcssPlugin {
  const purge = purgeCss({
    content: ['./app/**/*.{ts,tsx}', './content/**/*.{mdx,yaml}'],
    safelist: { standard: [...PROSE_ELEMENTS, /^depth-/, 'show', 'active', 'disabled', 'is-invalid', 'was-validated'] },
    variables: true,
    keyframes: true,
    fontFace: false,
  }) as unknown as { OnceExit: (root: Root, helpers: Helpers) => Promise<void> };
  return {
    postcssPlugin: 'aula-purge-bootstrap-italia',
    async OnceExit(root, helpers) {
      if (root.source?.input.file?.includes('bootstrap-italia')) await purge.OnceExit(root, helpers);
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: underVitest ? [] : [remix(remixConfig)],
  css: { postcss: { plugins: command === 'build' && !underVitest ? [purgeBootstrapItalia()] : [] } },
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
    // Fault tests start their own PostgreSQL cluster and the production server, and time how fast
    // the app fails and recovers: they run in a vitest run of their own, one file at a time, after
    // the other suites (`npm run test:fault`, AULA_FAULT_TESTS=1), in the first pass of .ci/run.
    include: process.env.AULA_FAULT_TESTS ? ['tests/fault/**/*.test.ts'] : ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/setup/vitest-global.ts'],
    setupFiles: ['tests/setup/vitest-db.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // On PostgreSQL the files share one database: run them one after the other.
    fileParallelism: !process.env.DATABASE_URL && !process.env.AULA_FAULT_TESTS,
    reporters: process.env.AULA_REPORT_DIR ? ['default', 'json'] : ['default'],
    outputFile: process.env.AULA_REPORT_DIR ? { json: `${process.env.AULA_REPORT_DIR}/vitest${process.env.AULA_FAULT_TESTS ? '-fault' : ''}.json` } : undefined,
  },
}));
