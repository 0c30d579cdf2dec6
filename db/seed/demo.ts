/**
 * Demo data: organisations and one account per role. Data only (db/ imports nothing from app/);
 * app/startup/seed-demo.server.ts writes it. Only for the embedded default or an explicit `--demo`.
 */
export const DEMO_PASSWORD = 'aula-demo-2026';

export const DEMO_ACCOUNTS = [
  { email: 'discente@aula.test', name: 'Giulia Rossi', role: 'learner', org: 'Comune di Lucca' },
  { email: 'docente@aula.test', name: 'Prof. Marco Bianchi', role: 'lecturer', org: null },
  { email: 'coordinatore@aula.test', name: 'Anna Verdi', role: 'coordinator', org: 'Prefettura di Lucca' },
  { email: 'admin@aula.test', name: 'Amministrazione Aula', role: 'admin', org: null },
] as const;

export const DEMO_ORGANISATIONS = [
  { name: 'Prefettura di Lucca', kind: 'prefettura' },
  { name: 'Questura di Lucca', kind: 'questura' },
  { name: 'Comune di Lucca', kind: 'comune' },
  { name: 'Comune di Camaiore', kind: 'comune' },
  { name: 'Unione dei Comuni della Garfagnana', kind: 'unione_comuni' },
  { name: 'Azienda USL Toscana nord ovest', kind: 'asl' },
  { name: 'Cooperativa Odissea', kind: 'terzo_settore' },
] as const;
