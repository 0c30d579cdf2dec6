import type { LoaderFunctionArgs } from '@remix-run/node';
import { renderCalendarFeed } from '~/coordination/calendar.server';
import { resourceError } from '~/http/errors.server';
import { translate, type Locale } from '~/i18n/i18n';

/**
 * `/calendario/<token>/scadenze.ics`: a learner's due dates as an iCalendar feed. No session: calendar
 * applications fetch it on their own, and the private token in the path is the credential. An unknown
 * or revoked token answers 404, like any missing page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ics = await renderCalendarFeed({
    token: params.token ?? '',
    labels: (userLocale) => {
      const locale: Locale = userLocale === 'en' ? 'en' : 'it';
      return {
        calendarName: translate(locale, 'calendar.feed.name'),
        summary: (course) => translate(locale, 'calendar.feed.summary', { course }),
        description: (status, url) => translate(locale, 'calendar.feed.description', { status: translate(locale, `coord.status.${status}`), url }),
        updateSummary: (module) => translate(locale, 'calendar.feed.update', { module }),
        updateDescription: (url) => translate(locale, 'calendar.feed.updateDescription', { url }),
      };
    },
  });
  if (ics === null) return resourceError(request, 404);
  return new Response(ics, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'inline; filename="scadenze.ics"', 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' },
  });
}
