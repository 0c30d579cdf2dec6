import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 3100);
const smtpPort = Number(process.env.E2E_SMTP_PORT || port + 25);
const smtpApiPort = Number(process.env.E2E_SMTP_API_PORT || port + 26);
process.env.E2E_SMTP_API_PORT = String(smtpApiPort);
const reportDir = process.env.AULA_REPORT_DIR;
// The PostgreSQL run gives the e2e server a database of its own (E2E_DATABASE_URL).
const databaseUrl = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
// The identity providers the e2e server knows: a body's IdP and a SPID/CIE broker, both served by the
// real OpenID Connect provider that tests/e2e/sso.test.ts starts on port + 30 (tests/e2e/oidc-provider.ts).
const oidcIssuer = `http://localhost:${port + 30}`;
const oidcIssuers = JSON.stringify([
  { id: 'ente', label: 'Accedi con l’account dell’ente', issuer: oidcIssuer, clientId: 'aula', clientSecret: 'segreto-di-prova-ente', kind: 'generic' },
  { id: 'spid', label: 'SPID e CIE', issuer: oidcIssuer, clientId: 'aula-spid', clientSecret: 'segreto-di-prova-spid', kind: 'spid-cie' },
]);

/**
 * End-to-end tests run the production build with the production server (app/cli/serve.js):
 * on a fresh embedded PGlite by default, on PostgreSQL when DATABASE_URL is set.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.test.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/playwright.json` }]] : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    // HTTP clients of the tests post like a page of the site (the server refuses cross-site posts).
    extraHTTPHeaders: { Origin: `http://localhost:${port}` },
    locale: 'it-IT',
    trace: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        locale: 'it-IT',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
        },
      },
    },
  ],
  webServer: [
    {
      // A real SMTP server: the app sends invitations and resets to it, tests read what arrived.
      command: 'node --import tsx tests/support/mail-sink-server.ts',
      url: `http://127.0.0.1:${smtpApiPort}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { E2E_SMTP_PORT: String(smtpPort), E2E_SMTP_API_PORT: String(smtpApiPort) },
    },
    {
      command: databaseUrl ? 'node app/cli/serve.js' : 'rm -rf .data/e2e && node app/cli/serve.js',
      url: `http://localhost:${port}/healthz`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        AULA_DATA_DIR: '.data/e2e/pglite',
        AULA_DEMO: 'true',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Aula <noreply@aula.test>',
        MAIL_POLL_MS: '200',
        AULA_BASE_URL: `http://localhost:${port}`,
        AULA_OIDC_ISSUERS: oidcIssuers,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
    },
  ],
});
