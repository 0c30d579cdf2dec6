/**
 * The coordinator's workspace through the real pages: the dashboard of the LUMIT network with its
 * drill-down, a course assigned to a unit with a due date, single and file enrolment (dry run, then
 * commit; a second upload creates nothing), a reminder that reaches the SMTP server, the XLSX
 * export whose totals match the page, the learner's progress showing at once, and refusals.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, newContext } from './fixtures';
import { DEMO, expectAccessible, lastMail, mailsTo, newClient, sessionFor, signIn, uniqueEmail } from './support';
import { takeQuiz } from './quiz-support';

const nav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Navigazione principale' });

test('dashboard: the scope, the drill-down along the tree, the charts with their tables', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await nav(page).getByRole('link', { name: 'Coordinamento' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coordinamento della formazione');
  await expect(page.getByRole('img', { name: /Stato delle assegnazioni/ })).toBeVisible();
  const units = page.getByRole('table', { name: /Figure per unità figlia/ });
  await expect(units).toContainText('Rete LUMIT – Provincia di Lucca');
  await expect(units).not.toContainText('Lab’Impact');
  // What the desks of the same scope were asked most this quarter, linked to the card and the module.
  await expect(page.getByRole('heading', { name: 'Cosa hanno chiesto di più agli sportelli in questo trimestre' })).toBeVisible();
  const asked = page.getByTestId('desk-questions').getByRole('listitem');
  expect(await asked.count()).toBeGreaterThan(0);
  await expect(asked.first().getByRole('link').first()).toHaveAttribute('href', /^\/biblioteca\//);
  await expect(page.getByTestId('desk-questions').locator('a[href^="/corsi/"]').first()).toBeVisible();
  await expectAccessible(page);
  await units.getByRole('link', { name: 'Rete LUMIT – Provincia di Lucca' }).click();
  await expect(page.getByRole('navigation', { name: 'Percorso nell’albero delle unità' })).toContainText('Rete LUMIT – Provincia di Lucca');
  await expect(page.getByRole('table', { name: /Figure per unità figlia/ }).getByRole('row', { name: /Comune di Lucca/ })).toBeVisible();
  await expectAccessible(page);
});

test('assign the DREAM course to a unit with a due date; the learner sees progress move the coordinator page', async ({ page, browser }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/assegnazioni');
  await page.getByLabel('Unità').selectOption({ label: '\u00a0\u00a0Comune di Lucca' });
  await page.getByLabel('Scadenza', { exact: true }).fill('2031-03-31');
  await page.getByRole('button', { name: 'Assegna all’unità' }).click();
  await expect(page.getByRole('status')).toContainText('Corso assegnato all’unità');
  await expectAccessible(page);

  await page.goto('/coordinamento/persone');
  await page.getByLabel('Unità').first().selectOption({ label: '\u00a0\u00a0Comune di Lucca' });
  await page.getByRole('button', { name: 'Filtra' }).click();
  const giulia = page.getByRole('row', { name: /Giulia Rossi/ });
  await expect(giulia).toContainText('31/03/2031');
  await expectAccessible(page);
  await giulia.getByRole('link', { name: 'Giulia Rossi' }).click();
  await page.waitForURL(/\/coordinamento\/persone\/[0-9a-f-]{36}$/);
  const personUrl = page.url();

  const learner = await newContext(browser);
  const lp = await learner.newPage();
  await signIn(lp, DEMO.learner);
  await lp.goto('/corsi');
  await expect(lp.getByText('Scadenza: 31/03/2031')).toBeVisible();
  await lp.goto('/corsi/dream/fonti-attori-competenze');
  const mark = lp.getByRole('button', { name: 'Segna come letto' });
  if (await mark.count()) await mark.click();
  // With JavaScript the mark posts in the background: wait for it to land before leaving.
  await expect(lp.getByText(/Hai letto questo modulo il/)).toBeVisible();
  // The learner passes the module's quiz (unless an earlier test already did).
  await lp.goto('/corsi/dream/fonti-attori-competenze/quiz');
  const passedBefore = (await lp.getByText('Hai già superato questa verifica.').count()) > 0;
  if (!passedBefore) expect(await takeQuiz(lp, '/corsi/dream/fonti-attori-competenze', { correct: true })).toMatch(/^Superata/);
  await learner.close();

  // One load of the person page, read at once (no retry): completion is written with the submission, no job computes it.
  await page.goto(personUrl);
  await expect(page.getByRole('heading', { level: 3 }).first()).toContainText(/In corso|Completato|In ritardo/);
  const after = await page.getByRole('row', { name: /Fonti, attori e competenze/ }).textContent();
  expect(after).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  expect(after).toMatch(/\d+: 100%/);
  await expectAccessible(page);
});

test('single enrolment: Italian errors, then an invitation; a reminder reaches the SMTP server', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/persone');
  const email = uniqueEmail('iscritta');
  await page.getByLabel('E-mail', { exact: true }).fill('non-un-indirizzo');
  await page.getByLabel('Nome e cognome').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Iscrivi' }).click();
  await expect(page.getByText('Inserisci un indirizzo e-mail valido.')).toBeVisible();
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Nome e cognome').fill('Ada Lovelace');
  await page.locator('#enrol-unit').selectOption({ label: '\u00a0\u00a0Comune di Camaiore' });
  await page.getByLabel('Codice fiscale (facoltativo)').fill('RSSMRA85T10A562X');
  await page.getByRole('button', { name: 'Iscrivi' }).click();
  await expect(page.getByText('Il carattere di controllo (l’ultimo) del codice fiscale non corrisponde.')).toBeVisible();
  await expectAccessible(page);
  // Keyboard only: fix the field and submit with Enter.
  await page.getByLabel('Codice fiscale (facoltativo)').fill('');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Nome e cognome').fill('Ada Lovelace');
  await page.locator('#enrol-unit').selectOption({ label: '\u00a0\u00a0Comune di Camaiore' });
  await page.getByLabel('Nome e cognome').press('Enter');
  await expect(page.getByRole('status')).toContainText('le abbiamo inviato l’invito');
  expect((await lastMail(null, email)).text).toContain('/invito/');

  await page.getByLabel('Nome o e-mail').fill('Giulia Rossi');
  await page.getByRole('button', { name: 'Filtra' }).click();
  await page.getByRole('checkbox', { name: 'Seleziona Giulia Rossi' }).check();
  await page.getByLabel('Azione', { exact: true }).selectOption('remind');
  await page.getByRole('button', { name: 'Applica alle persone selezionate' }).click();
  await expect(page.getByRole('status')).toContainText('Promemoria messi in coda');
  const reminder = await lastMail(null, DEMO.learner, 'Il tuo coordinatore ti ha assegnato il corso');
  expect(reminder.subject).toContain('Promemoria');
});

test('enrolment from a CSV file: dry run lists each bad row, commit creates the good ones, a second upload creates nothing', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/iscrizioni');
  await expect(page.getByText('al massimo 2 MB')).toBeVisible();
  await expectAccessible(page);
  const tag = Date.now().toString(36);
  const csv = [
    'E-mail;Nome;Cognome;Unità;Codice fiscale',
    `uno.${tag}@aula.test;Uno;Primo;Comune di Lucca;`,
    `due.${tag}@aula.test;Due;Secondo;Questura di Lucca;RSSMRA85T10A562S`,
    `tre.${tag}@aula.test;Tre;Terzo;comune di camaiore;`,
    `non-valida;Quattro;Quarto;Comune di Lucca;`,
    `cinque.${tag}@aula.test;Cinque;Quinto;Comune di Luino;`,
    `sei.${tag}@aula.test;Sei;Sesto;Comune di Lucca;RSSMRA85T10A562X`,
    `uno.${tag}@aula.test;Uno;Doppio;Comune di Lucca;`,
    `sette.${tag}@aula.test;=HYPERLINK("x");Settimo;Comune di Lucca;`,
  ].join('\n');
  const upload = async () => {
    await page.goto('/coordinamento/iscrizioni');
    await page.locator('#file').setInputFiles({ name: 'personale.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    await page.getByRole('button', { name: 'Carica e continua' }).click();
    await expect(page.getByRole('heading', { name: /Abbina le colonne/ })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Verifica le righe (nessuna modifica)' }).click();
  };
  await upload();
  await expect(page.getByRole('status')).toContainText('3 righe valide (3 nuove persone, 0 da aggiungere all’unità, 0 già iscritte), 5 righe con errori.');
  const errors = page.getByRole('table', { name: 'Righe con errori' });
  await expect(errors.getByRole('row', { name: /non-valida/ })).toContainText('Indirizzo e-mail non valido');
  await expect(errors.getByRole('row', { name: /cinque/ })).toContainText('Unità sconosciuta o fuori dal tuo ambito');
  await expect(errors.getByRole('row', { name: /sei\./ })).toContainText('carattere di controllo');
  await expect(errors.getByRole('row', { name: /Doppio/ })).toContainText('Riga doppia');
  await expect(errors.getByRole('row', { name: /sette\./ })).toContainText('Valore non accettato');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Conferma le iscrizioni' }).click();
  await expect(page.getByRole('status')).toContainText('3 nuove persone');
  await upload();
  await expect(page.getByRole('status')).toContainText('0 nuove persone, 0 da aggiungere all’unità, 3 già iscritte');
  await page.getByRole('button', { name: 'Conferma le iscrizioni' }).click();
  await expect(page.getByRole('status')).toContainText('0 nuove persone');
  expect(await mailsTo(`uno.${tag}@aula.test`)).toHaveLength(1);
});

test('a file that is not CSV or XLSX, or an XLSX with a formula, is refused in Italian and nothing is stored', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/iscrizioni');
  await page.locator('#file').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
  await page.getByRole('button', { name: 'Carica e continua' }).click();
  await expect(page.getByRole('alert')).toContainText('Tipo di file non accettato');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Personale');
  sheet.addRow(['E-mail', 'Nome', 'Unità']);
  sheet.addRow(['a@aula.test', { formula: 'CONCAT("A","B")' }, 'Comune di Lucca']);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await page.locator('#file').setInputFiles({ name: 'personale.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
  await page.getByRole('button', { name: 'Carica e continua' }).click();
  await expect(page.getByRole('alert')).toContainText('Il file contiene formule');
  await expectAccessible(page);
});

test('the XLSX export opens and its totals equal the dashboard', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento');
  const people = Number((await page.locator('dt:has-text("Persone") + dd').first().textContent())!.replace(/\D/g, ''));
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Excel (XLSX)' }).click();
  const file = await (await download).path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe('Unità');
  const total = sheet.getRow(sheet.rowCount);
  expect(total.getCell(1).value).toBe('Totale');
  expect(total.getCell(2).value).toBe(people);
});

test('without JavaScript the bulk action and the enrolment form work', async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/persone?q=Marco%20Neri');
  await page.getByRole('checkbox', { name: 'Seleziona Marco Neri' }).check();
  await page.getByLabel('Azione', { exact: true }).selectOption('assign');
  await page.getByRole('button', { name: 'Applica alle persone selezionate' }).click();
  await expect(page.getByText('Per assegnare un corso serve la scadenza.')).toBeVisible();
  await page.goto('/coordinamento/persone?q=Marco%20Neri');
  await page.getByRole('checkbox', { name: 'Seleziona Marco Neri' }).check();
  await page.getByLabel('Azione', { exact: true }).selectOption('assign');
  await page.getByLabel('Scadenza (per «assegna»)').fill('2031-06-30');
  await page.getByRole('button', { name: 'Applica alle persone selezionate' }).click();
  await expect(page.getByRole('status')).toContainText('Corso assegnato a 1 persone.');
  await expect(page.getByRole('row', { name: /Marco Neri/ })).toContainText('30/06/2031');
  await context.close();
});

test('a unit or person of another network is refused with 404 in Italian and nothing changes', async () => {
  const client = await newClient();
  const admin = await sessionFor(client, DEMO.admin);
  const html = await (await client.get('/coordinamento/persone', { headers: { Cookie: admin } })).text();
  const luino = /<option value="([0-9a-f-]{36})">[^<]*Comune di Luino<\/option>/.exec(html)![1]!;
  const adminPeople = await (await client.get(`/coordinamento/persone?unitId=${luino}`, { headers: { Cookie: admin } })).text();
  const greco = /href="\/coordinamento\/persone\/([0-9a-f-]{36})">Davide Greco/.exec(adminPeople)![1]!;
  const coordinator = await sessionFor(client, DEMO.coordinator);
  const headers = { Cookie: coordinator };
  const dash = await client.get(`/coordinamento?unitId=${luino}`, { headers });
  expect(dash.status()).toBe(404);
  expect(await dash.text()).toContain('non rientra nel tuo ambito di coordinamento');
  expect((await client.get(`/coordinamento/persone/${greco}`, { headers })).status()).toBe(404);
  expect((await client.post(`/coordinamento/persone/${greco}`, { headers, form: { intent: 'remove' } })).status()).toBe(404);
  const email = uniqueEmail('forgiata');
  expect((await client.post('/coordinamento/persone', { headers, form: { intent: 'enrol', email, name: 'Intrusa', organisationId: luino } })).status()).toBe(404);
  expect((await client.get(`/coordinamento/esporta?format=csv&unitId=${luino}`, { headers })).status()).toBe(404);
  const csv = await (await client.get('/coordinamento/esporta?format=csv', { headers })).text();
  expect(csv).not.toContain('Davide Greco');
  // Still there for the admin, and the forged enrolment created nobody.
  expect(await (await client.get(`/coordinamento/persone/${greco}`, { headers: { Cookie: admin } })).text()).toContain('Comune di Luino');
  expect(await (await client.get(`/admin/utenti?q=${encodeURIComponent(email)}`, { headers: { Cookie: admin } })).text()).toContain('<p aria-live="polite">0 persone</p>');
  await client.dispose();
});

test('training done elsewhere is recorded with its certificate, which the coordinator downloads; an SVG is refused in Italian', async ({ page }) => {
  await signIn(page, DEMO.coordinator);
  await page.goto('/coordinamento/persone');
  await page.getByLabel('Nome o e-mail').fill('Giulia Rossi');
  await page.getByRole('button', { name: 'Filtra' }).click();
  await page
    .getByRole('row', { name: /Giulia Rossi/ })
    .getByRole('link', { name: 'Giulia Rossi' })
    .click();
  await page.waitForURL(/\/coordinamento\/persone\/[0-9a-f-]{36}$/);
  const title = `Corso SNA ${Date.now().toString(36)}`;
  const fill = async () => {
    await page.getByLabel('Titolo').fill(title);
    await page.getByLabel('Ente che l’ha erogata').fill('Scuola Nazionale dell’Amministrazione');
    await page.getByLabel('Data di conclusione').fill('2026-10-15');
    await page.getByLabel('Ore', { exact: true }).fill('6');
  };
  // An SVG named as a PDF: refused next to the field, nothing recorded.
  await fill();
  await page
    .getByLabel('Attestato (facoltativo)')
    .setInputFiles({ name: 'attestato.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await page.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(page.getByText(/^L’attestato deve essere un PDF, un PNG o un JPEG/)).toBeVisible();
  await expect(page.getByLabel('Attestato (facoltativo)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('cell', { name: new RegExp(title) })).toHaveCount(0);
  await expectAccessible(page);

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await fill();
  await page.getByLabel('Attestato (facoltativo)').setInputFiles({ name: 'attestato-sna.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(page.getByText('Formazione registrata nel registro delle ore.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(title) });
  const link = row.getByRole('link', { name: 'Scarica l’attestato (attestato-sna.pdf)' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('attestato-sna.pdf');
  expect(fs.readFileSync((await download.path())!).equals(pdf)).toBe(true);
  await expectAccessible(page);
});
