/**
 * The layers of Aula, enforced in `npm run lint` (a forbidden import fails CI):
 *
 *   routes, root, entries, startup  →  domains  →  content, http, i18n, utils, components  →  db
 *
 * - db/ (schema, migrations, seed data) imports nothing from app/.
 * - content/ (the content pipeline) never imports a domain: library/, courses/, quiz/ … depend on it.
 * - utils/, i18n/ and http/ (infrastructure) import no domain and no route.
 * - domains never import routes or the start-up layer; routes never import each other.
 * - no import cycles.
 */
const DOMAINS = '(auth|courses|quiz|progress|certificates|library|mail|jobs|coordination|studio|media|admin|privacy|sportello)';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make layers meaningless.', from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } } },
    {
      name: 'db-imports-nothing-from-app',
      severity: 'error',
      comment: 'db/ imports nothing from app/ at run time; the schema may name, as types only, the stored JSON shapes of the content contract (app/content/stored.ts).',
      from: { path: '^db/' },
      to: { path: '^app/', pathNot: '^app/content/stored\\.ts$' },
    },
    { name: 'db-types-only', severity: 'error', from: { path: '^db/' }, to: { path: '^app/', dependencyTypesNot: ['type-only'] } },
    {
      name: 'content-below-domains',
      severity: 'error',
      comment: 'The content layer is below every domain.',
      from: { path: '^app/content/' },
      to: { path: `^app/(${DOMAINS.slice(1, -1)}|routes|startup|components)/` },
    },
    { name: 'infrastructure-below-domains', severity: 'error', from: { path: '^app/(utils|i18n|http)/' }, to: { path: `^app/(${DOMAINS.slice(1, -1)}|routes|startup|content|components)/` } },
    { name: 'domains-below-routes', severity: 'error', from: { path: `^app/${DOMAINS}/` }, to: { path: '^app/(routes|startup|root\\.tsx|entry\\.)' } },
    { name: 'startup-below-routes', severity: 'error', from: { path: '^app/startup/' }, to: { path: '^app/(routes|root\\.tsx|entry\\.)' } },
    { name: 'routes-are-leaves', severity: 'error', comment: 'A route never imports another route.', from: { path: '^app/routes/' }, to: { path: '^app/routes/' } },
    {
      name: 'components-are-presentational',
      severity: 'error',
      comment: 'Shared components never reach the server or a route.',
      from: { path: '^app/components/' },
      to: { path: ['\\.server\\.', '^app/routes/', '^app/startup/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js'] },
    exclude: { path: ['^build', '^node_modules'] },
  },
};
