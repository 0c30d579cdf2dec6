/** Answers quiz pages in the browser the way a learner who knows the course would. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import YAML from 'yaml';
import type { Question } from '../../app/content/quiz-formats';

let bank: Map<string, Question> | undefined;

/** Every question of the DREAM course, by prompt. */
export function questionBank(): Map<string, Question> {
  if (bank) return bank;
  bank = new Map();
  const dir = path.resolve('content/courses/dream');
  for (const m of fs.readdirSync(dir)) {
    const file = path.join(dir, m, 'quiz.yaml');
    if (!fs.existsSync(file)) continue;
    const quiz = YAML.parse(fs.readFileSync(file, 'utf8')) as { questions?: Question[] };
    for (const q of quiz.questions ?? []) bank.set(q.prompt.trim(), q);
  }
  return bank;
}

export function promptOf(text: string) {
  // Legend text is "N. prompt (P punti)".
  return text
    .replace(/^\s*\d+\.\s*/, '')
    .replace(/\s*\(\d+(?:[.,]\d+)? punti\)\s*$/, '')
    .trim();
}

/** Ticks or unticks a choice through its label, as a person does (the input itself is styled away). */
async function setChoice(fieldset: Locator, text: string, want: boolean) {
  const input = fieldset.getByLabel(text, { exact: true });
  if ((await input.isChecked()) === want) return;
  const id = await input.getAttribute('id');
  await fieldset.locator(`label[for="${id}"]`).click();
  await expect(input).toBeChecked({ checked: want });
}

export async function answerOne(fieldset: Locator, q: Question, correct: boolean) {
  switch (q.type) {
    case 'single': {
      const target = correct ? q.options.find((o) => o.correct)! : q.options.find((o) => !o.correct)!;
      await setChoice(fieldset, target.text, true);
      break;
    }
    case 'multiple':
      for (const o of q.options) await setChoice(fieldset, o.text, Boolean(o.correct) === correct);
      break;
    case 'true-false':
      await setChoice(fieldset, q.answer === correct ? 'Vero' : 'Falso', true);
      break;
    case 'short-text':
      await fieldset.getByRole('textbox').fill(correct ? q.accepted[0]! : 'risposta sbagliata');
      break;
    case 'numeric':
      await fieldset.getByRole('textbox').fill(String(correct ? q.answer : q.answer + 1000));
      break;
    case 'matching':
      for (const [i, p] of q.pairs.entries()) {
        const wrong = q.pairs[(i + 1) % q.pairs.length]!;
        await fieldset.getByLabel(p.left, { exact: true }).selectOption({ label: correct ? p.right : wrong.right });
      }
      break;
    case 'ordering':
      for (const [i, item] of q.items.entries()) {
        const pos = correct ? i + 1 : ((i + 1) % q.items.length) + 1;
        await fieldset.getByLabel(`Posizione: ${item.text}`, { exact: true }).selectOption(String(pos));
      }
      break;
  }
}

/** Fills every question of the open attempt, all correctly or all wrongly. */
export async function answerAll(page: Page, { correct }: { correct: boolean }) {
  const fieldsets = page.locator('form fieldset');
  const count = await fieldsets.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const fs_ = fieldsets.nth(i);
    const prompt = promptOf(await fs_.locator('legend').innerText());
    const q = questionBank().get(prompt);
    expect(q, `question in the bank: ${prompt}`).toBeTruthy();
    await answerOne(fs_, q!, correct);
  }
}

/** Opens a module's quiz, starts (or resumes) an attempt and submits it. Returns the result text. */
export async function takeQuiz(page: Page, modulePath: string, { correct }: { correct: boolean }) {
  await page.goto(`${modulePath}/quiz`);
  await page.getByRole('button', { name: /Inizia il tentativo|Riprendi il tentativo/ }).click();
  await expect(page.getByRole('button', { name: 'Consegna la verifica' })).toBeVisible();
  await answerAll(page, { correct });
  await page.getByRole('button', { name: 'Consegna la verifica' }).click();
  const outcome = page.getByRole('heading', { level: 2, name: /Superata|Non superata/ });
  await expect(outcome).toBeVisible({ timeout: 15_000 });
  return outcome.innerText();
}
