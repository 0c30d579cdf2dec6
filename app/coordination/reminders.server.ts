/**
 * Scheduled reminders (a step of 7 fires from the start of the day a week before the due day, Rome
 * time; -1 on the day after it). Each run finds, for every unfinished assignment with a due date, the latest
 * reminder step whose time has come (steps: days before the due date, negative after it) and
 * enqueues it with the key `reminder:<user>:<course>:<step>`: the outbox stores a key once, so each
 * (assignment, step) is sent exactly once across runs, instances and restarts. Earlier steps that
 * a late run skipped are not sent afterwards. Completed and exempted learners get nothing.
 * The weekly digest goes to each coordinator: overdue people and the week's completions, in scope.
 */
import { sql } from 'drizzle-orm';
import { getDb } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { enqueueMany } from '~/mail/outbox.server';
import { coordinatedUsers } from './scope.server';
import { dueDayOf, rowsOf, statusOf } from './sql.server';

const italianDate = (iso: string) => iso.split('-').reverse().join('/');

export async function sendDueReminders({ now }: { now: Date }) {
  const db = await getDb();
  const at = now.toISOString();
  const due = await rowsOf<{ userId: string; courseId: string; email: string; locale: string | null; title: string; slug: string; dueOn: string; step: number }>(
    db,
    sql`with steps as (
        select e.user_id, e.course_id, e.due_at, s.step::int as step
        from enrolments e
        join users u on u.id = e.user_id and u.erased_at is null and u.disabled_at is null
        cross join lateral jsonb_array_elements_text(coalesce(
          (select r.reminder_days from assignment_reminders r where r.user_id = e.user_id and r.course_id = e.course_id),
          (select a.reminder_days from unit_assignments a join memberships m on m.organisation_id = a.organisation_id where m.user_id = e.user_id and a.course_id = e.course_id limit 1),
          '[14, 7, -1]'::jsonb)) as s(step)
        where e.due_at is not null and ${statusOf('e', now)} in ('assigned', 'in_progress', 'overdue')
      ),
      fired as (select distinct on (user_id, course_id) user_id, course_id, due_at, step from steps
        where due_at - interval '1 day' - make_interval(days => step) <= ${at}::timestamptz order by user_id, course_id, step asc)
      select f.user_id as "userId", f.course_id as "courseId", u.email, u.locale, c.title, c.slug, ${dueDayOf('f')} as "dueOn", f.step
      from fired f join users u on u.id = f.user_id join courses c on c.id = f.course_id`,
  );
  const sent = await enqueueMany(
    db,
    due.map((d) => ({
      key: `reminder:${d.userId}:${d.courseId}:${d.step}`,
      to: d.email,
      userId: d.userId,
      locale: d.locale === 'en' ? 'en' : 'it',
      template: 'reminder' as const,
      data: { course: d.title, dueOn: italianDate(d.dueOn), days: d.step, url: `${env.baseUrl}/corsi/${d.slug}` },
    })),
  );
  return { candidates: due.length, sent };
}

/** The weekly digest of each coordinator (key per coordinator and ISO week: once a week). */
export async function sendWeeklyDigests({ now }: { now: Date }) {
  const db = await getDb();
  const coordinators = await rowsOf<{ id: string; email: string; locale: string | null }>(
    db,
    sql`select distinct u.id, u.email, u.locale from users u join user_roles r on r.user_id = u.id and r.role = 'coordinator' and r.organisation_id is not null where u.disabled_at is null and u.erased_at is null`,
  );
  const week = Math.floor(now.getTime() / (7 * 86_400_000));
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const mails = [];
  for (const c of coordinators) {
    const overdue = await rowsOf<{ line: string }>(
      db,
      sql`select u.name || ' – ' || co.title || ' (' || to_char(e.due_at at time zone 'Europe/Rome' - interval '1 second', 'DD/MM/YYYY') || ')' as line
        from enrolments e join users u on u.id = e.user_id join courses co on co.id = e.course_id
        where e.user_id in ${coordinatedUsers(c.id)} and ${statusOf('e', now)} = 'overdue' order by u.name limit 200`,
    );
    const completed = await rowsOf<{ line: string }>(
      db,
      sql`select ce.holder_name || ' – ' || ce.course_title as line from certificates ce
        where ce.user_id in ${coordinatedUsers(c.id)} and ce.issued_at >= ${since}::timestamptz and ce.issued_at < ${now.toISOString()}::timestamptz order by ce.issued_at limit 200`,
    );
    if (!overdue.length && !completed.length) continue;
    mails.push({
      key: `digest:${c.id}:${week}`,
      to: c.email,
      userId: c.id,
      locale: c.locale === 'en' ? ('en' as const) : ('it' as const),
      template: 'digest' as const,
      data: { overdue: overdue.map((o) => o.line), completed: completed.map((o) => o.line), url: `${env.baseUrl}/coordinamento` },
    });
  }
  return { sent: await enqueueMany(db, mails) };
}
