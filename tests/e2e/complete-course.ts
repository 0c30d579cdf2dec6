/**
 * Completes the DREAM course for a signed-in learner through the real pages: each module is marked
 * read, each quiz is started, its form is read from the page as a browser shows it, answered
 * correctly from the course's own quiz files, and submitted. No test hook: the server grades,
 * completes and issues the certificate exactly as it does for a person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import YAML from 'yaml';
import { promptOf, questionBank } from './quiz-support';
import { BASE_URL, signIn } from './support';

// Posts as the page itself would (the server refuses cookie-carrying posts without an Origin).
const ORIGIN = { Origin: BASE_URL };

interface FieldView {
  legend: string;
  inputs: Array<{ name: string; type: string; value: string; label: string }>;
  selects: Array<{ name: string; label: string; options: Array<{ value: string; text: string }> }>;
}

const COURSE = 'dream';

function modules(): Array<{ slug: string; quiz: boolean }> {
  const dir = path.resolve('content/courses', COURSE);
  const course = YAML.parse(fs.readFileSync(path.join(dir, 'course.yaml'), 'utf8')) as { modules: string[] };
  return course.modules.map((folder) => ({ slug: folder.replace(/^\d+-/, ''), quiz: fs.existsSync(path.join(dir, folder, 'quiz.yaml')) }));
}

/** The correct form values for the attempt page open in `page`. */
async function correctAnswers(page: Page): Promise<URLSearchParams> {
  const fields = await page.evaluate(() =>
    [...document.querySelectorAll('form fieldset')].map((fs) => {
      const labelOf = (id: string) => document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim() ?? '';
      return {
        legend: fs.querySelector('legend')?.textContent ?? '',
        inputs: [...fs.querySelectorAll('input')].map((i) => ({ name: i.name, type: i.type, value: i.value, label: labelOf(i.id) })),
        selects: [...fs.querySelectorAll('select')].map((s) => ({
          name: s.name,
          label: s.getAttribute('aria-label') ?? labelOf(s.id),
          options: [...s.options].map((o) => ({ value: o.value, text: o.text.trim() })),
        })),
      };
    }),
  );
  const form = new URLSearchParams();
  for (const f of fields as FieldView[]) {
    const q = questionBank().get(promptOf(f.legend));
    expect(q, `question in the bank: ${f.legend}`).toBeTruthy();
    switch (q!.type) {
      case 'single':
      case 'multiple': {
        const right = new Set(q!.options.filter((o) => o.correct).map((o) => o.text));
        for (const i of f.inputs) if (right.has(i.label)) form.append(i.name, i.value);
        break;
      }
      case 'true-false':
        for (const i of f.inputs) if (i.label === (q!.answer ? 'Vero' : 'Falso')) form.append(i.name, i.value);
        break;
      case 'short-text':
        form.append(f.inputs[0]!.name, q!.accepted[0]!);
        break;
      case 'numeric':
        form.append(f.inputs[0]!.name, String(q!.answer));
        break;
      case 'matching':
        for (const s of f.selects) {
          const pair = q!.pairs.find((p) => p.left === s.label);
          form.append(s.name, s.options.find((o) => o.text === pair?.right)?.value ?? '');
        }
        break;
      case 'ordering':
        for (const s of f.selects) {
          const index = q!.items.findIndex((it) => s.label.endsWith(`: ${it.text}`));
          form.append(s.name, String(index + 1));
        }
        break;
    }
  }
  return form;
}

/** Signs the account in and completes every module of the course; returns the certificate code. */
export async function completeCourseAs(page: Page, email: string, password?: string): Promise<string> {
  await signIn(page, email, password);
  for (const m of modules()) {
    const base = `/corsi/${COURSE}/${m.slug}`;
    const read = await page.request.post(base, { form: { intent: 'read' }, headers: ORIGIN, maxRedirects: 0 });
    expect(read.status(), `read ${m.slug}`).toBe(302);
    if (!m.quiz) continue;
    const start = await page.request.post(`${base}/quiz`, { form: { intent: 'start' }, headers: ORIGIN, maxRedirects: 0 });
    expect(start.status(), `start ${m.slug}`).toBe(302);
    const attempt = start.headers().location!;
    await page.goto(attempt);
    const form = await correctAnswers(page);
    form.set('intent', 'submit');
    const submit = await page.request.post(attempt, { data: form.toString(), headers: { ...ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
    expect(submit.status(), `submit ${m.slug}`).toBe(302);
  }
  await page.goto('/attestati');
  const code = (await page.locator('[data-certificate-code]').first().getAttribute('data-certificate-code')) ?? '';
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  return code;
}
