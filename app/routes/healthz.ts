import { pingDb } from '~/utils/db.server';

export async function loader() {
  const ok = await pingDb();
  return new Response(ok ? 'ok' : 'database non raggiungibile', {
    status: ok ? 200 : 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
