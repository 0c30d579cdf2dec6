import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getSession } from '~/auth/guards.server';
import { clearSessionCookie, invalidateSession } from '~/auth/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  if (session) await invalidateSession(session.sessionId);
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie() } });
}
