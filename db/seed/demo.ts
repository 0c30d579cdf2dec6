/**
 * Demo data: the LUMIT network of the province of Lucca and the Lab'Impact network of the Ambito di
 * Luino, and one account per role. Data only (db/ imports nothing from app/);
 * app/startup/seed-demo.server.ts writes it. Only for the embedded default or an explicit `--demo`.
 * IPA codes are left empty: they are the bodies' own to give.
 */
export const DEMO_PASSWORD = 'aula-demo-2026';

/** The tree: each unit names its parent (or none). */
export const DEMO_ORGANISATIONS = [
  { name: 'Rete LUMIT – Provincia di Lucca', kind: 'rete', parent: null },
  { name: 'Prefettura di Lucca', kind: 'prefettura', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Questura di Lucca', kind: 'questura', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Comune di Lucca', kind: 'comune', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Comune di Camaiore', kind: 'comune', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Comune di Gallicano', kind: 'comune', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Unione dei Comuni della Garfagnana', kind: 'unione_comuni', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Azienda USL Toscana nord ovest', kind: 'asl', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'CPIA 1 Lucca', kind: 'scuola', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Cooperativa Odissea', kind: 'terzo_settore', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Consorzio Co&So', kind: 'terzo_settore', parent: 'Rete LUMIT – Provincia di Lucca' },
  { name: 'Rete Lab’Impact – Ambito di Luino', kind: 'rete', parent: null },
  { name: 'Comune di Luino', kind: 'comune', parent: 'Rete Lab’Impact – Ambito di Luino' },
  { name: 'Prefettura di Varese', kind: 'prefettura', parent: 'Rete Lab’Impact – Ambito di Luino' },
] as const;

/**
 * One account per role. `org` is the unit the person belongs to; `scope` the subtree a coordinator
 * covers (the demo coordinator covers the LUMIT network, where the demo learner works).
 */
export const DEMO_ACCOUNTS = [
  { email: 'discente@aula.test', name: 'Giulia Rossi', role: 'learner', org: 'Comune di Lucca', scope: null },
  { email: 'docente@aula.test', name: 'Prof. Marco Bianchi', role: 'lecturer', org: null, scope: null },
  { email: 'coordinatore@aula.test', name: 'Anna Verdi', role: 'coordinator', org: 'Prefettura di Lucca', scope: 'Rete LUMIT – Provincia di Lucca' },
  { email: 'admin@aula.test', name: 'Amministrazione Aula', role: 'admin', org: null, scope: null },
] as const;
