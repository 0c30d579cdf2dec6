import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, isoDate, plural, translate } from '~/i18n/i18n';

describe('numbers follow the reader’s locale', () => {
  it('uses the decimal comma in Italian and the point in English', () => {
    expect(formatNumber(4.5, 'it')).toBe('4,5');
    expect(formatNumber(4.5, 'en')).toBe('4.5');
    expect(formatNumber(12345.6, 'it')).toBe('12.345,6');
    expect(formatNumber(12345.6, 'en')).toBe('12,345.6');
  });

  it('formats stored percentages (0–100) with one decimal', () => {
    expect(formatPercent(64.3, 'it')).toBe('64,3%');
    expect(formatPercent(64.3, 'en')).toBe('64.3%');
    expect(formatPercent(100, 'it')).toBe('100%');
  });

  it('formats the numbers placed into a message', () => {
    expect(translate('it', 'sessions.ended.other', { n: 1500 })).toContain('1500');
    expect(translate('en', 'sessions.ended.other', { n: 1500 })).toContain('1,500');
  });
});

describe('plurals go through Intl.PluralRules', () => {
  it('says "1 sessione" and "2 sessioni", "1 session" and "0 sessions"', () => {
    expect(plural('it', 'sessions.ended', 1)).toBe('1 sessione terminata.');
    expect(plural('it', 'sessions.ended', 2)).toMatch(/^2 sessioni /);
    expect(plural('it', 'sessions.ended', 0)).toMatch(/^0 sessioni /);
    expect(plural('en', 'sessions.ended', 1)).toBe('1 session ended.');
    expect(plural('en', 'sessions.ended', 0)).toMatch(/^0 sessions /);
  });

  it('refuses a counted message that lacks a plural form', () => {
    expect(() => plural('it', 'app.tagline', 2)).toThrow(/plurale mancante/);
  });
});

describe('dates', () => {
  it('keep the ISO form for <time datetime>', () => {
    expect(isoDate(new Date('2026-03-01T10:00:00Z'))).toMatch(/^2026-03-01/);
  });
});

describe('labels are not repeated', () => {
  it('treats "Esame finale" and " esame  finale " as the same words, and a different title as different', async () => {
    const { sameWords } = await import('~/i18n/i18n');
    expect(sameWords('Esame finale', ' esame  finale ')).toBe(true);
    expect(sameWords('Esame finale', 'Verifica conclusiva del corso')).toBe(false);
  });
});
