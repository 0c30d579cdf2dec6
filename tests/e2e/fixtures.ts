/**
 * The Playwright `test` of the suite: every browser context records Content-Security-Policy
 * violations (the `securitypolicyviolation` event, in every document, and CSP errors on the console)
 * and interface messages the browser lacked (issue 18: a document carries only its page's messages),
 * and every test ends by asserting there were none. Contexts a test opens itself come from
 * `newContext(browser, options)` so that they are watched too.
 */
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions } from '@playwright/test';

export { expect };

const violations = new WeakMap<BrowserContext, string[]>();

async function watch(context: BrowserContext): Promise<BrowserContext> {
  const list: string[] = [];
  violations.set(context, list);
  await context.exposeBinding('__aulaCspViolation', (_source, text: string) => {
    list.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __aulaCspViolation: (t: string) => void }).__aulaCspViolation(
        `${e.violatedDirective} ${e.blockedURI} (${location.pathname}) at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`,
      );
    });
  });
  context.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) list.push(`console: ${msg.text()}`);
    // A message the document's block lacked (app/i18n/dictionaries.browser.ts): the page showed its key.
    if (msg.type() === 'error' && msg.text().startsWith('Aula: messaggio non caricato')) list.push(`console: ${msg.text()}`);
  });
  return context;
}

/** A new, watched browser context (use instead of browser.newContext). */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return watch(await browser.newContext({ locale: 'it-IT', ...options }));
}

export function cspViolations(context: BrowserContext): string[] {
  return violations.get(context) ?? [];
}

// Playwright's fixture callback is named `use` by convention; it is not a React hook.
/* eslint-disable react-hooks/rules-of-hooks */
export const test = base.extend<{ cspClean: undefined }>({
  context: async ({ context }, use) => {
    await watch(context);
    await use(context);
  },
  cspClean: [
    async ({ context }, use) => {
      await use(undefined);
      expect(cspViolations(context), 'CSP violations or missing messages').toEqual([]);
    },
    { auto: true },
  ],
});
/* eslint-enable react-hooks/rules-of-hooks */
