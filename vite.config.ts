import purgeCss from '@fullhuman/postcss-purgecss';
import { vitePlugin as remix } from '@remix-run/dev';
import { build as esbuild } from 'esbuild';
import type { Plugin as PostcssPlugin, Root, Helpers } from 'postcss';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { OutputBundle } from 'rollup';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
 * The browser gets only the messages its page shows (issue 18: both languages were a 23 KB gzipped
 * chunk on every page, then one language 21 KB). app/i18n/messages.ts stays the one source, with
 * both languages side by side; at build time this plugin evaluates it and makes one module per
 * language, `virtual:aula-messages/it` and `/en`, served as `assets/messages-<lang>-<hash>.js`,
 * which the browser fetches at its first navigation. The client build gets
 * app/i18n/dictionaries.browser.ts in place of dictionaries.ts (which holds both languages for the
 * server and the tests). After the client build, every browser chunk is read for the message keys
 * its code names (a string equal to a key; a template or string prefix ending in `.` such as
 * `library.topic.`; a plural base, whose `.one` and `.other` come along) and the lists are written
 * to `<build>/.message-keys.json`, which the server build inlines as `virtual:aula-message-keys`:
 * entry.server (app/i18n/page-messages.server.ts) writes into each document those of its routes'
 * files plus the keys its render used.
 */
const LOCALES = ['it', 'en'] as const;
function aulaMessages(): Plugin {
  const source = fileURLToPath(new URL('./app/i18n/messages.ts', import.meta.url));
  const server = fileURLToPath(new URL('./app/i18n/dictionaries.ts', import.meta.url));
  const browser = fileURLToPath(new URL('./app/i18n/dictionaries.browser.ts', import.meta.url));
  let serving = false;
  let keysFile = '';
  let ssrBuild = false;
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
      ssrBuild = Boolean(config.build.ssr);
      keysFile = path.resolve(config.root, config.build.outDir, '..', '.message-keys.json');
    },
    async resolveId(id, importer, options) {
      if (id.startsWith('virtual:aula-message')) return `\0${id}`;
      if (options?.ssr || !importer || !/\/dictionaries(\.ts)?$/.test(id)) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      return resolved?.id === server ? browser : null;
    },
    async load(id) {
      if (id === '\0virtual:aula-message-keys') {
        if (serving) return 'export default null;';
        // The client build runs first and wrote the file (generateBundle below).
        return `export default ${await readFile(keysFile, 'utf8')};`;
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
    async generateBundle(_o, bundle) {
      if (serving) return;
      if (process.env.AULA_BUNDLE_REPORT) report(bundle);
      if (ssrBuild) return;
      const keys = Object.keys((await evaluate()).dictionaries.it!);
      const perFile: Record<string, string[]> = {};
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk' || c.fileName.startsWith('assets/messages-')) continue;
        const found = keysNamedIn(c.code, keys);
        if (found.length) perFile[`/${c.fileName}`] = found;
      }
      await mkdir(path.dirname(keysFile), { recursive: true });
      await writeFile(keysFile, JSON.stringify(perFile));
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

/** AULA_BUNDLE_REPORT=1 npm run build: the largest modules of each large chunk (how issue 18's sizes were found). */
function report(bundle: OutputBundle) {
  for (const c of Object.values(bundle)) {
    if (c.type !== 'chunk' || c.code.length < 20000) continue;
    console.log(`\n## ${c.fileName} ${c.code.length}`);
    Object.entries(c.modules)
      .sort((a, b) => b[1].renderedLength - a[1].renderedLength)
      .slice(0, 25)
      .forEach(([id, m]) => console.log(`  ${m.renderedLength} ${id.replace(/.*node_modules\//, '')}`));
  }
}

/**
 * The message keys a minified chunk names: string literals equal to a key, literals or template
 * parts ending in `.` that begin keys (`library.topic.${x}`), and plural bases (`base` → `base.one`,
 * `base.other`). Over-inclusive on purpose: a key too many costs bytes, a key too few a missing text.
 */
function keysNamedIn(code: string, keys: string[]): string[] {
  // Any key-like token between quotes, or between a quote and a template's `${`: no parsing, so a
  // regular expression or an odd string in the chunk cannot hide a key (false hits cost nothing).
  const literals = new Set<string>();
  for (const m of code.matchAll(/["'`]([A-Za-z][\w.-]*)(?=["'`]|\$\{)/g)) literals.add(m[1]!);
  const prefixes = [...literals].filter((l) => l.length > 2 && l.endsWith('.'));
  return keys.filter((k) => literals.has(k) || literals.has(k.replace(/\.(one|other)$/, '')) || prefixes.some((p) => k.startsWith(p)));
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
