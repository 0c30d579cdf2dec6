/**
 * Quizzes in the studio, in Chromium: the demo lecturer edits a question of module 6's quiz by its
 * form without JavaScript (a bad input comes back with the message next to the field, nothing
 * saved) and with it (adding, moving and removing a question too), sees the preview with the key,
 * and publishes a law change with "I discenti devono superare di nuovo il quiz": the demo learner,
 * who had passed the quiz, has to pass it again. Module 6: other files of the suite change 5 and 7.
 * The question texts stay as in the course files, so the learner answers from the question bank.
 */
import type { Page } from '@playwright/test';
import { expect, newContext, test } from './fixtures';
import { takeQuiz } from './quiz-support';
import { DEMO, expectAccessible, signIn } from './support';

const MODULE = '/corsi/dream/accoglienza-msna';
const PROMPT_2 = 'I CPR sono centri di accoglienza per richiedenti asilo.';
const NOJS = 'Falso: i CPR servono al trattenimento in vista del rimpatrio (art. 14 D.Lgs. 286/1998). Riscritta senza JavaScript.';
const WITHJS = 'Nei centri governativi e nei CAS (artt. 9 e 11 D.Lgs. 142/2015). Riscritta con JavaScript.';
const SUMMARY = `Dal 1° marzo 2027 cambiano le regole dell’accoglienza (prova ${Date.now().toString(36)}).`;

/**
 * With JavaScript, the success message comes with the action's data and the forms follow when the
 * page's data is loaded again: wait until they carry the revision just saved before the next click.
 */
async function saved(page: Page, text: string) {
  const status = page.getByRole('status').filter({ hasText: text });
  await expect(status).toBeVisible();
  const revision = /revisione (\d+)/.exec(await status.innerText())![1]!;
  await expect(page.locator('input[name="revision"]').first()).toHaveValue(revision);
}

async function openQuizForms(page: Page) {
  await page.goto('/studio');
  await page.getByRole('link', { name: /^6\. / }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
  await page.getByRole('link', { name: 'Modifica le domande con un modulo' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Domande della verifica');
}

test('the lecturer edits quiz questions by form with and without JavaScript, previews the key, and a law change with "ripeti il quiz" makes the learner pass it again', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // The learner has read module 6 and passed its quiz (earlier files of the suite may have done it).
  const learnerContext = await newContext(browser);
  const learner = await learnerContext.newPage();
  await signIn(learner, DEMO.learner);
  await learner.goto(MODULE);
  const mark = learner.getByRole('button', { name: 'Segna come letto' });
  if (await mark.count()) await mark.click();
  await learner.goto(`${MODULE}/quiz`);
  if (!(await learner.getByText('Hai già superato questa verifica.').count())) expect(await takeQuiz(learner, MODULE, { correct: true })).toContain('Superata');
  await learner.goto(`${MODULE}/quiz`);
  await expect(learner.getByText('Hai già superato questa verifica.')).toBeVisible();

  // Without JavaScript: question 2 by its form.
  const plainContext = await newContext(browser, { javaScriptEnabled: false });
  const plain = await plainContext.newPage();
  await signIn(plain, DEMO.lecturer);
  await openQuizForms(plain);
  const q2 = plain.getByRole('region', { name: 'Domanda 2 (vero o falso)' });
  await expect(q2.getByLabel('Testo della domanda')).toHaveValue(PROMPT_2);
  await q2.getByLabel('Testo della domanda').fill('');
  await q2.getByLabel('Spiegazione').fill(NOJS);
  await q2.getByRole('button', { name: 'Salva la domanda 2' }).click();
  await expect(plain.getByRole('alert')).toContainText('niente è stato salvato');
  const prompt = plain.getByRole('region', { name: 'Domanda 2 (vero o falso)' }).getByLabel('Testo della domanda');
  await expect(prompt).toHaveAccessibleDescription('non può essere vuoto');
  // What was typed comes back; write the question again and save.
  await expect(plain.getByRole('region', { name: 'Domanda 2 (vero o falso)' }).getByLabel('Spiegazione')).toHaveValue(NOJS);
  await prompt.fill(PROMPT_2);
  await plain.getByRole('region', { name: 'Domanda 2 (vero o falso)' }).getByRole('button', { name: 'Salva la domanda 2' }).click();
  await expect(plain.getByRole('status')).toContainText('Domanda 2 salvata');
  await expect(plain.getByRole('region', { name: 'Domanda 2 (vero o falso)' }).getByLabel('Spiegazione')).toHaveValue(NOJS);
  // The preview with the key, without JavaScript too.
  await plain.getByRole('link', { name: 'Anteprima della verifica con le soluzioni' }).click();
  await expect(plain.getByRole('heading', { level: 1 })).toContainText('Anteprima della verifica');
  const shown = plain.getByRole('group', { name: new RegExp(PROMPT_2.replace(/[.]/g, '\\.')) });
  await expect(shown.getByLabel('Falso')).toBeChecked();
  await expect(shown.getByLabel('Vero')).not.toBeChecked();
  await expect(shown).toContainText('Risposta corretta: Falso');
  await expect(shown).toContainText(NOJS);

  // With JavaScript: a stale form is a conflict (the page above saved a new revision).
  await signIn(page, DEMO.lecturer);
  await openQuizForms(page);
  await expectAccessible(page);
  const q1 = page.getByRole('region', { name: 'Domanda 1 (risposta singola)' });
  await q1.getByLabel('Spiegazione').fill(WITHJS);
  await plain.goto(plain.url().replace(/\/anteprima$/, ''));
  await plain.getByRole('region', { name: 'Domanda 3 (risposta singola)' }).getByRole('button', { name: 'Sposta giù la domanda 3' }).click();
  await expect(plain.getByRole('status')).toContainText('Domanda 3 spostata giù');
  const theirs = /revisione (\d+)/.exec(await plain.getByRole('status').innerText())![1]!;
  await q1.getByRole('button', { name: 'Salva la domanda 1' }).click();
  await expect(page.getByRole('alert')).toContainText('ha salvato questa bozza mentre la modificavi');
  // Save again, on the revision now shown: the form kept the text.
  await expect(page.locator('input[name="revision"]').first()).toHaveValue(theirs);
  await expect(page.getByRole('region', { name: 'Domanda 1 (risposta singola)' }).getByLabel('Spiegazione')).toHaveValue(WITHJS);
  await page.getByRole('region', { name: 'Domanda 1 (risposta singola)' }).getByRole('button', { name: 'Salva la domanda 1' }).click();
  await saved(page, 'Domanda 1 salvata');
  // Put question 3 back, so the published quiz keeps the files' order.
  await page
    .getByRole('region', { name: /^Domanda 4 / })
    .getByRole('button', { name: 'Sposta su la domanda 4' })
    .click();
  await saved(page, 'Domanda 4 spostata su');

  // Add a question, move it, see the error of a missing key, then remove it.
  const count = await page.getByRole('region', { name: /^Domanda \d+ / }).count();
  await page.getByLabel('Tipo della nuova domanda').selectOption('true-false');
  await page.getByRole('button', { name: 'Scrivi la nuova domanda' }).click();
  const added = page.getByRole('region', { name: 'Aggiungi una domanda' });
  await added.getByLabel('Testo della domanda').fill('Il richiedente asilo può lavorare dopo 60 giorni dalla domanda.');
  await added.getByLabel('Spiegazione').fill('Art. 22 D.Lgs. 142/2015.');
  await added.getByRole('button', { name: 'Aggiungi la domanda alla verifica' }).click();
  await expect(page.getByRole('alert')).toContainText('niente è stato salvato');
  await expect(page.getByRole('region', { name: 'Aggiungi una domanda' }).getByRole('group', { name: 'Risposta corretta' })).toContainText('scegli la risposta corretta');
  await expectAccessible(page);
  await page.locator('label[for="nuova-answer-true"]').click();
  await page.getByRole('region', { name: 'Aggiungi una domanda' }).getByRole('button', { name: 'Aggiungi la domanda alla verifica' }).click();
  await saved(page, 'Domanda aggiunta');
  const last = count + 1;
  await expect(page.getByRole('region', { name: `Domanda ${last} (vero o falso)` }).getByLabel('Testo della domanda')).toHaveValue(/dopo 60 giorni/);
  await page.getByRole('button', { name: `Sposta su la domanda ${last}` }).click();
  await expect(page.getByRole('region', { name: `Domanda ${last - 1} (vero o falso)` }).getByLabel('Testo della domanda')).toHaveValue(/dopo 60 giorni/);
  await page.getByRole('button', { name: `Elimina la domanda ${last - 1}` }).click();
  await saved(page, `Domanda ${last - 1} eliminata`);
  await expect(page.getByRole('region', { name: /^Domanda \d+ / })).toHaveCount(count);

  // The preview with JavaScript, from the editor.
  await page.getByRole('link', { name: 'Torna all’editor del modulo' }).click();
  await expect(page.locator('textarea[name="quizSource"]')).toHaveValue(new RegExp(`${NOJS.replace(/[.()]/g, '\\$&')}[\\s\\S]*`));
  await page.getByRole('link', { name: 'Anteprima della verifica con le soluzioni' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Anteprima della verifica');
  await expect(page.locator('main')).toContainText(WITHJS);
  await expect(page.locator('main')).not.toContainText('dopo 60 giorni');
  await expectAccessible(page);

  // Publish as a law change that requires the quiz again.
  await page.getByRole('link', { name: 'Torna all’editor del modulo' }).click();
  await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Spiegazioni riscritte');
  await page.locator('label[for="lawChange"]').click();
  await page.getByLabel('Sintesi per i discenti, in italiano semplice').fill(SUMMARY);
  await page.locator('label[for="retakeQuiz"]').click();
  await expect(page.getByLabel('I discenti devono superare di nuovo il quiz')).toBeChecked();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();

  // The learner must pass the quiz again.
  await learner.goto('/corsi');
  const notice = learner.getByTestId('update-notice').filter({ hasText: SUMMARY });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('link', { name: 'Supera di nuovo la verifica' })).toBeVisible();
  await learner.goto(`${MODULE}/aggiornamento`);
  await expect(learner.locator('main')).toContainText('Il docente chiede di superare di nuovo la verifica del modulo.');
  await learner.goto(`${MODULE}/quiz`);
  await expect(learner.getByText('Hai già superato questa verifica.')).toHaveCount(0);
  await expectAccessible(learner);

  // Reading the new version and passing the quiz again: up to date (the suite shares the demo data).
  await learner.goto(MODULE);
  await learner.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(learner.locator('#stato')).toContainText('Hai letto questo modulo il');
  expect(await takeQuiz(learner, MODULE, { correct: true })).toContain('Superata');
  await learner.goto('/corsi');
  await expect(learner.getByTestId('update-notice').filter({ hasText: SUMMARY })).toHaveCount(0);
  await plainContext.close();
  await learnerContext.close();
});
