// Remix options, passed to the Vite plugin by vite.config.ts (DESIGN.md §2).
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  // AULA_BUILD_DIR lets a second build live beside the first (benchmarks, parallel test runs).
  buildDirectory: process.env.AULA_BUILD_DIR || 'build',
  ignoredRouteFiles: ['**/*.test.*', '**/.*'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
