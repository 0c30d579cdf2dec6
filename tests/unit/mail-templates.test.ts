import { describe, expect, it } from 'vitest';
import { SAMPLE_DATA, renderTemplate, templates, type TemplateName } from '~/mail/templates';

describe('mail templates', () => {
  for (const name of Object.keys(templates) as TemplateName[]) {
    for (const locale of ['it', 'en'] as const) {
      it(`${name} (${locale}) renders every variable, with a plain-text part, lang and no remote content`, () => {
        const mail = renderTemplate(name, locale, SAMPLE_DATA[name] as never);
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part).not.toMatch(/undefined|null|NaN|\{\w+\}/);
          expect(part.trim().length).toBeGreaterThan(0);
        }
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).not.toMatch(/<img|<script|url\(|@import|<link/i);
        expect(mail.html.match(/<h1/g)).toHaveLength(1);
      });
    }
  }

  it('escapes what comes from data in the HTML part', () => {
    const mail = renderTemplate('notice', 'it', { subject: 'x', heading: '<script>alert(1)</script>', paragraphs: ['"a" & <b>'] });
    expect(mail.html).not.toContain('<script>alert(1)</script>');
    expect(mail.html).toContain('&#60;script&#62;');
  });
});
