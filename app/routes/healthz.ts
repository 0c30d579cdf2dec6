import { pingDb } from '~/utils/db.server';

/** For load balancers and the fault test: 200 while the database answers, 503 within ~1.5 s when it does not. */
export async function loader() {
  const ok = await pingDb();
  return new Response(ok ? 'ok' : 'database non raggiungibile', {
    status: ok ? 200 : 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
