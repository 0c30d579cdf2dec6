import purgeCss from '@fullhuman/postcss-purgecss';
import { vitePlugin as remix } from '@remix-run/dev';
import { build as esbuild } from 'esbuild';
import type { Plugin as PostcssPlugin, Root, Helpers } from 'postcss';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
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

/**
 * The browser gets only the reader's language of the interface messages (issue 18: both languages
 * were a 23 KB gzipped chunk on every page). app/i18n/messages.ts stays the one source, with both
 * languages side by side; at build time this plugin evaluates it and makes one module per language,
 * `virtual:aula-messages/it` and `/en`, served as `assets/messages-<lang>-<hash of its content>.js`.
 * The client build gets app/i18n/dictionaries.browser.ts in place of dictionaries.ts (which holds
 * both languages for the server and the tests), and `virtual:aula-messages-urls` tells root.tsx
 * which file to preload. The hash is computed from the messages, so the client and the server
 * builds name the same file.
 */
const LOCALES = ['it', 'en'] as const;
function aulaMessages(): Plugin {
  const source = fileURLToPath(new URL('./app/i18n/messages.ts', import.meta.url));
  const server = fileURLToPath(new URL('./app/i18n/dictionaries.ts', import.meta.url));
  const browser = fileURLToPath(new URL('./app/i18n/dictionaries.browser.ts', import.meta.url));
  let serving = false;
  let names: Record<string, string> = {};
  let catalogue: Promise<{ dictionaries: Record<string, Record<string, string>>; files: string[] }> | null = null;
  const evaluate = () =>
    (catalogue ??= (async () => {
      const out = await esbuild({ entryPoints: [source], bundle: true, write: false, format: 'esm', platform: 'neutral', metafile: true, logLevel: 'silent' });
      const code = out.outputFiles[0]!.text;
      const mod = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { dictionaries: Record<string, Record<string, string>> };
      return { dictionaries: mod.dictionaries, files: Object.keys(out.metafile.inputs).map((f) => path.resolve(f)) };
    })());
  const json = async (locale: string) => JSON.stringify((await evaluate()).dictionaries[locale]);
  const fileName = async (locale: string) =>
    `assets/messages-${locale}-${createHash('sha256')
      .update(await json(locale))
      .digest('hex')
      .slice(0, 8)}.js`;
  return {
    name: 'aula-messages',
    enforce: 'pre',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    async resolveId(id, importer, options) {
      if (id.startsWith('virtual:aula-messages')) return `\0${id}`;
      if (options?.ssr || !importer || !/\/dictionaries(\.ts)?$/.test(id)) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      return resolved?.id === server ? browser : null;
    },
    async load(id) {
      if (id === '\0virtual:aula-messages-urls') {
        if (serving) return 'export default {};';
        const urls = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [l, `/${await fileName(l)}`])));
        return `export default ${JSON.stringify(urls)};`;
      }
      const locale = /^\0virtual:aula-messages\/(\w+)$/.exec(id)?.[1];
      if (!locale) return null;
      const { files } = await evaluate();
      for (const f of files) this.addWatchFile(f);
      // JSON.parse of one string is faster for the browser than an object literal this size.
      return `export default JSON.parse(${JSON.stringify(await json(locale))});`;
    },
    async buildStart() {
      if (!serving) names = Object.fromEntries(await Promise.all(LOCALES.map(async (l) => [`\0virtual:aula-messages/${l}`, await fileName(l)])));
    },
    // Rollup calls this hook synchronously: the names were computed in buildStart.
    outputOptions(output) {
      const previous = output.chunkFileNames;
      return {
        ...output,
        chunkFileNames: (chunk) => names[chunk.facadeModuleId ?? ''] ?? (typeof previous === 'function' ? previous(chunk) : (previous ?? 'assets/[name]-[hash].js')),
      };
    },
    // AULA_BUNDLE_REPORT=1 npm run build: the largest modules of each large chunk (how issue 18's sizes were found).
    generateBundle(_o, bundle) {
      if (!process.env.AULA_BUNDLE_REPORT || serving) return;
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk' || c.code.length < 20000) continue;
        console.log(`\n## ${c.fileName} ${c.code.length}`);
        Object.entries(c.modules)
          .sort((a, b) => b[1].renderedLength - a[1].renderedLength)
          .slice(0, 25)
          .forEach(([id, m]) => console.log(`  ${m.renderedLength} ${id.replace(/.*node_modules\//, '')}`));
      }
    },
    handleHotUpdate({ file, server: dev }) {
      if (!file.includes('/app/i18n/messages')) return;
      catalogue = null;
      for (const l of LOCALES) {
        const m = dev.moduleGraph.getModuleById(`\0virtual:aula-messages/${l}`);
        if (m) dev.moduleGraph.invalidateModule(m);
      }
    },
  };
}

export default defineConfig(({ command, isSsrBuild }) => ({
  plugins: underVitest ? [] : [aulaMessages(), remix(remixConfig)],
  css: { postcss: { plugins: command === 'build' && !underVitest ? [purgeBootstrapItalia()] : [] } },
  resolve: {
    alias: {
      '~db': fileURLToPath(new URL('./db', import.meta.url)),
      '~': fileURLToPath(new URL('./app', import.meta.url)),
    },
  },
  server: { port: 3000 },
  // The browser's JavaScript is minified by terser (two passes): about 4 % smaller gzipped than
  // esbuild's minifier on the React and Remix runtime (issue 18, measured). The server build is not
  // minified, as before.
  build: { assetsInlineLimit: 0, ...(isSsrBuild ? {} : { minify: 'terser' as const, terserOptions: { compress: { passes: 2 } } }) },
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
