import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '~/auth/session.server';
import { assignCourse, exemptPeople } from '~/coordination/assignments.server';
import { createCalendarFeed, getCalendarFeed, renderCalendarFeed, revokeCalendarFeed, type FeedLabels } from '~/coordination/calendar.server';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema } from '~/utils/db.server';
import { loader as feedLoader } from '~/routes/calendario.$token.scadenze[.ics]';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { twoNetworks } from './coordination-helpers';
import { routeArgs } from './helpers';

const slugs = [uniqueSlug('cal-a'), uniqueSlug('cal-b'), uniqueSlug('cal-c')];
const courseIds: string[] = [];
/** A title with every character RFC 5545 requires escaping in TEXT, and long enough to be folded. */
const HOSTILE = 'Diritto d’asilo; accoglienza, tutela\\minori\ne seconda riga — un titolo lungo abbastanza da superare i settantacinque ottetti';

beforeAll(async () => {
  const db = await getDb();
  for (const slug of slugs) {
    await importContent({ root: makeContent(slug) });
    courseIds.push((await db.select().from(schema.courses).where(eq(schema.courses.slug, slug)))[0]!.id);
  }
  await db.update(schema.courses).set({ title: HOSTILE }).where(eq(schema.courses.id, courseIds[0]!));
});

const labels = (): FeedLabels => ({ calendarName: 'Scadenze', summary: (c) => `Scadenza: ${c}`, description: (s, url) => `Stato: ${s}. ${url}` });

/** Unfolds the content lines (RFC 5545 §3.1) and splits them. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

function events(ics: string): string[][] {
  const lines = unfold(ics);
  const out: string[][] = [];
  let cur: string[] | null = null;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = [];
    else if (l === 'END:VEVENT') {
      out.push(cur!);
      cur = null;
    } else if (cur) cur.push(l);
  }
  return out;
}

async function learnerWithDeadlines() {
  const n = await twoNetworks();
  expect((await assignCourse({ actorId: n.coordinator.id, courseId: courseIds[0]!, userIds: [n.pA1.id], dueOn: '2030-01-31' })).ok).toBe(true);
  expect((await assignCourse({ actorId: n.coordinator.id, courseId: courseIds[1]!, userIds: [n.pA1.id], dueOn: '2030-03-01' })).ok).toBe(true);
  expect((await assignCourse({ actorId: n.coordinator.id, courseId: courseIds[2]!, userIds: [n.pA1.id], dueOn: '2030-06-30' })).ok).toBe(true);
  expect((await exemptPeople({ actorId: n.coordinator.id, courseId: courseIds[2]!, userIds: [n.pA1.id], reason: 'Già formato altrove' })).ok).toBe(true);
  return n;
}

describe('coordination: the learner’s iCalendar feed', () => {
  it('lists one all-day event per assignment with a due date, escaped and folded per RFC 5545, with stable UIDs; exemptions are left out', async () => {
    const n = await learnerWithDeadlines();
    const feed = await createCalendarFeed({ userId: n.pA1.id });
    expect(feed.path).toBe(`/calendario/${feed.token}/scadenze.ics`);
    const ics = (await renderCalendarFeed({ token: feed.token, labels }))!;
    expect(ics).not.toBeNull();
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    // Every line ends with CRLF and is at most 75 octets.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const evs = events(ics);
    expect(evs).toHaveLength(2);
    const [first, second] = evs as [string[], string[]];
    expect(first).toContain('DTSTART;VALUE=DATE:20300131');
    expect(second).toContain('DTSTART;VALUE=DATE:20300301');
    expect(first.some((l) => l.startsWith('DTEND') && !l.includes('VALUE=DATE'))).toBe(false);
    expect(first).toContain(`SUMMARY:Scadenza: Diritto d’asilo\\; accoglienza\\, tutela\\\\minori\\ne seconda riga — un titolo lungo abbastanza da superare i settantacinque ottetti`);
    expect(second).toContain(`SUMMARY:Scadenza: Corso ${slugs[1]}`);
    expect(first.find((l) => l.startsWith('URL'))).toMatch(new RegExp(`/corsi/${slugs[0]}$`));
    const uid = first.find((l) => l.startsWith('UID:'))!;
    expect(uid).toMatch(new RegExp(`^UID:scadenza-${n.pA1.id}-${courseIds[0]}@[a-z0-9.:-]+$`));
    expect(ics).not.toContain(slugs[2]);
    // The UIDs do not change when the due date moves or the URL is regenerated.
    await assignCourse({ actorId: n.coordinator.id, courseId: courseIds[0]!, userIds: [n.pA1.id], dueOn: '2030-02-15' });
    const again = await createCalendarFeed({ userId: n.pA1.id });
    const moved = events((await renderCalendarFeed({ token: again.token, labels }))!);
    const movedFirst = moved.find((e) => e.includes(uid))!;
    expect(movedFirst).toContain('DTSTART;VALUE=DATE:20300215');
  });

  it('keeps only the token’s hash; revoking or regenerating makes the old URL answer 404', async () => {
    const n = await learnerWithDeadlines();
    const db = await getDb();
    const feed = await createCalendarFeed({ userId: n.pA1.id });
    const [row] = await db.select().from(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, n.pA1.id));
    expect(row!.tokenHash).toBe(hashToken(feed.token));
    expect(JSON.stringify(row)).not.toContain(feed.token);
    expect(await getCalendarFeed({ userId: n.pA1.id })).toMatchObject({ createdAt: expect.any(Date) });

    const get = (token: string) => feedLoader(routeArgs(new Request(`http://localhost/calendario/${token}/scadenze.ics`), { params: { token } }) as never);
    const ok = await get(feed.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    expect(ok.headers.get('Cache-Control')).toContain('no-store');
    expect(await ok.text()).toContain('BEGIN:VEVENT');

    const second = await createCalendarFeed({ userId: n.pA1.id });
    expect((await get(feed.token)).status).toBe(404);
    expect((await get(second.token)).status).toBe(200);

    expect(await revokeCalendarFeed({ userId: n.pA1.id })).toBe(true);
    expect((await get(second.token)).status).toBe(404);
    expect(await getCalendarFeed({ userId: n.pA1.id })).toBeNull();
    expect(await revokeCalendarFeed({ userId: n.pA1.id })).toBe(false);
    expect((await get('non-un-token')).status).toBe(404);
  });

  it('a disabled person’s feed answers nothing; another person’s feed shows only their own deadlines', async () => {
    const n = await learnerWithDeadlines();
    const db = await getDb();
    const mine = await createCalendarFeed({ userId: n.pA1.id });
    const theirs = await createCalendarFeed({ userId: n.pB1.id });
    const other = (await renderCalendarFeed({ token: theirs.token, labels }))!;
    expect(events(other)).toHaveLength(0);
    expect(other).not.toContain(n.pA1.id);
    await db.update(schema.users).set({ disabledAt: new Date() }).where(eq(schema.users.id, n.pA1.id));
    expect(await renderCalendarFeed({ token: mine.token, labels })).toBeNull();
  });
});
