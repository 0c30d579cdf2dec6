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
  { email: 'operatore@aula.test', name: 'Luca Neri', role: 'operatore', org: 'Comune di Camaiore', scope: 'Comune di Camaiore' },
  // A second lecturer who may approve (the legal review): `also` lists roles held besides `role`.
  { email: 'revisore@aula.test', name: 'Prof.ssa Elena Galli', role: 'lecturer', also: ['revisore'], org: null, scope: null },
] as const;

/**
 * The sportelli of the register: offices of content/library/offices.yaml linked to their unit. The
 * demo operator (role on Comune di Camaiore) records at the two desks of Camaiore.
 */
export const DEMO_SPORTELLI = [
  { id: 'sportello-lumit-camaiore', name: 'Sportello informativo LUMIT – Camaiore', unit: 'Comune di Camaiore' },
  { id: 'mediatore-arabo-camaiore', name: 'Mediatrice di lingua araba – Servizio sociale di Camaiore', unit: 'Comune di Camaiore' },
  { id: 'sportello-lumit-garfagnana', name: 'Sportello LUMIT – Unione dei Comuni della Garfagnana', unit: 'Unione dei Comuni della Garfagnana' },
  { id: 'sportello-lumit-gallicano', name: 'Sportello LUMIT – Comune di Gallicano', unit: 'Comune di Gallicano' },
  { id: 'ufficio-piano-luino', name: 'Sportello immigrati – Ambito di Luino', unit: 'Comune di Luino' },
] as const;

/**
 * Past consultations of the demo desks (no operator: "imported from the spreadsheet"), spread over
 * the twelve months before last week, so that the indicators show figures and "< 5" alike. Written
 * once, with a fixed pseudo-random sequence; `weight` is each desk's share.
 */
export const DEMO_CONSULTATIONS = {
  count: 420,
  weights: { 'sportello-lumit-camaiore': 5, 'mediatore-arabo-camaiore': 1, 'sportello-lumit-garfagnana': 3, 'sportello-lumit-gallicano': 2, 'ufficio-piano-luino': 3 },
  cards: [
    { slug: 'rinnovo-permesso-lavoro', topics: ['soggiorno'] },
    { slug: 'ricongiungimento-familiare', topics: ['famiglia', 'soggiorno'] },
    { slug: 'cittadinanza-residenza', topics: ['cittadinanza'] },
    { slug: 'permesso-lungo-periodo', topics: ['soggiorno'] },
    { slug: 'test-a2', topics: ['soggiorno'] },
    { slug: 'idoneita-alloggiativa', topics: ['famiglia'] },
    { slug: 'ssn-stp-eni', topics: ['salute'] },
    { slug: 'protezione-internazionale-domanda', topics: ['asilo'] },
    { slug: 'anagrafe-straniero-dimora-abituale', topics: ['anagrafe'] },
    { slug: 'cittadinanza-matrimonio', topics: ['cittadinanza', 'famiglia'] },
  ],
  nationalities: ['MA', 'AL', 'RO', 'UA', 'SN', 'NG', 'PK', 'BD', 'CN', 'PE', 'TN', 'IN', 'EG', 'LK'],
  languages: ['ar', 'ar', 'ar', 'en', 'fr', 'ur', 'zh', 'uk'],
  offices: ['prefettura-lucca-immigrazione', 'sportello-lumit-garfagnana'],
} as const;

/**
 * Demo staff without a password (they cannot sign in): people for the coordinator's dashboard,
 * across the LUMIT units, and two in the Lab'Impact network that the demo coordinator must not see.
 */
export const DEMO_STAFF = [
  { email: 'marco.neri@prefettura-lucca.test', name: 'Marco Neri', org: 'Prefettura di Lucca', jobTitle: 'Funzionario area immigrazione' },
  { email: 'laura.galli@questura-lucca.test', name: 'Laura Galli', org: 'Questura di Lucca', jobTitle: 'Ispettrice, ufficio immigrazione' },
  { email: 'paolo.conti@comune-lucca.test', name: 'Paolo Conti', org: 'Comune di Lucca', jobTitle: 'Operatore anagrafe' },
  { email: 'sara.fontana@comune-camaiore.test', name: 'Sara Fontana', org: 'Comune di Camaiore', jobTitle: 'Assistente sociale' },
  { email: 'luca.moretti@comune-gallicano.test', name: 'Luca Moretti', org: 'Comune di Gallicano', jobTitle: null },
  { email: 'elena.ricci@usl-nordovest.test', name: 'Elena Ricci', org: 'Azienda USL Toscana nord ovest', jobTitle: 'Mediatrice culturale' },
  { email: 'giorgio.marini@cpia1lucca.test', name: 'Giorgio Marini', org: 'CPIA 1 Lucca', jobTitle: 'Docente' },
  { email: 'chiara.bruno@odissea.test', name: 'Chiara Bruno', org: 'Cooperativa Odissea', jobTitle: 'Operatrice di sportello' },
  { email: 'davide.greco@comune-luino.test', name: 'Davide Greco', org: 'Comune di Luino', jobTitle: null },
  { email: 'marta.villa@prefettura-varese.test', name: 'Marta Villa', org: 'Prefettura di Varese', jobTitle: null },
] as const;
