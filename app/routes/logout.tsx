import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getSession } from '~/auth/guards.server';
import { clearSessionCookie, invalidateSession } from '~/auth/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await getSession({ request, context });
  if (session) await invalidateSession(session.sessionId);
  // The signed-out response must not carry a renewed session cookie.
  context.setCookies.length = 0;
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie() } });
}
