/**
 * A learner's due dates as a private iCalendar feed (RFC 5545) that calendar applications subscribe
 * to. The URL carries a random token; the database keeps only its SHA-256, as for sessions and
 * invitations, so the URL is shown once, when it is created. Regenerating replaces the token (the
 * old URL stops working at once); revoking deletes it. An unknown, revoked or disabled person's
 * token finds nothing, and the route answers 404.
 *
 * The text itself is written by ical-generator (escaping of `\ ; ,` and newlines, line folding at
 * 75 octets, CRLF): one all-day VEVENT per assigned course with a due date, its UID derived from
 * the person and the course so that a calendar updates the same event when the date moves.
 */
import ical from 'ical-generator';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateToken, hashToken } from '~/auth/session.server';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { getModuleUpdates, type ModuleUpdate } from '~/progress/updates.server';
import { dueDayOf, rowsOf, statusOf, type AssignmentStatus } from './sql.server';

/** The path of a feed, from its token (under the site's base URL). */
export function calendarFeedPath(token: string): string {
  return `/calendario/${token}/scadenze.ics`;
}

/** Whether the person has a feed, and since when (the URL itself cannot be shown again). */
export async function getCalendarFeed({ userId }: { userId: string }): Promise<{ createdAt: Date } | null> {
  const db = await getDb();
  const [row] = await db.select({ createdAt: schema.calendarFeeds.createdAt }).from(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, userId));
  return row ?? null;
}

/** A new feed URL for the person, replacing any earlier one. Returns the token (shown once). */
export async function createCalendarFeed({ userId }: { userId: string }): Promise<{ token: string; path: string; url: string }> {
  const db = await getDb();
  const token = generateToken();
  const tokenHash = hashToken(token);
  await db
    .insert(schema.calendarFeeds)
    .values({ userId, tokenHash })
    .onConflictDoUpdate({ target: schema.calendarFeeds.userId, set: { tokenHash, createdAt: new Date() } });
  const path = calendarFeedPath(token);
  return { token, path, url: `${env.baseUrl}${path}` };
}

/** Revokes the person's feed: its URL answers 404 from now on. False when there was none. */
export async function revokeCalendarFeed({ userId }: { userId: string }): Promise<boolean> {
  const db = await getDb();
  const gone = await db.delete(schema.calendarFeeds).where(eq(schema.calendarFeeds.userId, userId)).returning({ userId: schema.calendarFeeds.userId });
  return gone.length > 0;
}

export interface FeedLabels {
  calendarName: string;
  /** summary of an event, e.g. "Scadenza: {course}" */
  summary: (course: string) => string;
  /** description of an event from its status */
  description: (status: AssignmentStatus, courseUrl: string) => string;
  /** summary of a law-change update's due day, e.g. "Aggiornamento: {module}" (absent: updates left out) */
  updateSummary?: (module: string) => string;
  /** its description, with the link to "cosa è cambiato" */
  updateDescription?: (url: string) => string;
}

/**
 * The iCalendar text of the feed with this token, or null when no active person holds it. Exempted
 * assignments are left out (they are no longer a deadline); completed ones stay, described as such.
 */
export async function renderCalendarFeed({ token, labels: labelsFor, now = new Date() }: { token: string; labels: (locale: string | null) => FeedLabels; now?: Date }): Promise<string | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const db = await getDb();
  const [holder] = await db
    .select({ userId: schema.calendarFeeds.userId, locale: schema.users.locale })
    .from(schema.calendarFeeds)
    .innerJoin(schema.users, eq(schema.users.id, schema.calendarFeeds.userId))
    .where(and(eq(schema.calendarFeeds.tokenHash, hashToken(token)), isNull(schema.users.disabledAt), isNull(schema.users.erasedAt)));
  if (!holder) return null;
  const rows = await rowsOf<{ courseId: string; slug: string; title: string; dueOn: string; status: AssignmentStatus }>(
    db,
    sql`select e.course_id as "courseId", c.slug, c.title, ${dueDayOf('e')} as "dueOn", ${statusOf('e', now)} as status
      from enrolments e join courses c on c.id = e.course_id
      where e.user_id = ${holder.userId} and e.due_at is not null
      order by e.due_at, c.title`,
  );
  const labels = labelsFor(holder.locale);
  const host = new URL(env.baseUrl).host;
  const cal = ical({ name: labels.calendarName, prodId: { company: 'Aula', product: 'scadenze', language: 'IT' }, ttl: 60 * 60 });
  for (const r of rows) {
    if (r.status === 'exempted') continue;
    const [y, m, d] = r.dueOn.split('-').map(Number) as [number, number, number];
    const courseUrl = `${env.baseUrl}/corsi/${r.slug}`;
    cal.createEvent({
      id: `scadenza-${holder.userId}-${r.courseId}@${host}`,
      // all-day: ical-generator writes a date-only value from the UTC fields
      start: new Date(Date.UTC(y, m - 1, d)),
      allDay: true,
      stamp: now,
      summary: labels.summary(r.title),
      description: labels.description(r.status, courseUrl),
      url: courseUrl,
    });
  }
  // Law-change updates assigned with a due day, while the learner has not caught up with them.
  if (labels.updateSummary && labels.updateDescription) {
    const assigned = await rowsOf<{ documentId: string; slug: string; courseSlug: string; title: string }>(
      db,
      sql`select distinct d.id as "documentId", d.slug, c.slug as "courseSlug", coalesce(v.frontmatter->>'title', d.slug) as title
        from update_assignments ua join content_documents d on d.id = ua.document_id join courses c on c.id = d.course_id
        left join content_versions v on v.id = d.current_version_id
        where ua.user_id = ${holder.userId}`,
    );
    const pending = assigned.length ? await getModuleUpdates({ userIds: [holder.userId], documentIds: assigned.map((a) => a.documentId), now }) : new Map<string, ModuleUpdate>();
    for (const a of assigned) {
      const u = pending.get(`${holder.userId}:${a.documentId}`);
      if (!u?.dueOn) continue;
      const [y, m, d] = u.dueOn.split('-').map(Number) as [number, number, number];
      const url = `${env.baseUrl}/corsi/${a.courseSlug}/${a.slug}/aggiornamento`;
      cal.createEvent({
        id: `aggiornamento-${holder.userId}-${a.documentId}@${host}`,
        start: new Date(Date.UTC(y, m - 1, d)),
        allDay: true,
        stamp: now,
        summary: labels.updateSummary(a.title),
        description: labels.updateDescription(url),
        url,
      });
    }
  }
  return cal.toString();
}
