/**
 * The summary of the automatic accessibility checks behind the accessibility declaration: every
 * page that the end-to-end suite visits is analysed with axe-core (tests/e2e/support.ts,
 * `expectAccessible`), and a test fails on any violation. Update these figures when the suite
 * changes (count the `expectAccessible(` calls in tests/e2e).
 */
export const AXE_SUMMARY = {
  tool: 'axe-core 4.13 (@axe-core/playwright), regole WCAG 2.0/2.1 livelli A e AA e buone pratiche',
  browser: 'Chromium (Debian), Playwright 1.65',
  checkedOn: '2026-11-30',
  /** `expectAccessible(` calls in tests/e2e */
  checks: 57,
  testFiles: 8,
  violations: 0,
  pages: [
    'Home, accesso, verifica in due passaggi, password dimenticata, invito',
    'Elenco corsi, pagina del corso, moduli, verifiche e risultati',
    'Attestati, verifica pubblica di un attestato, gestione e revoca',
    'Biblioteca: schede, ricerca, glossario, uffici',
    'Profilo, sessioni attive, verifica in due passaggi, i miei dati',
    'Amministrazione: utenti, scheda utente, organizzazioni, impostazioni, registro delle attività, richieste privacy, posta, contenuti',
    'Informativa privacy e dichiarazione di accessibilità',
  ],
} as const;
