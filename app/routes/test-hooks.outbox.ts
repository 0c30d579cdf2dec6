import type { LoaderFunctionArgs } from '@remix-run/node';
import { latestMailTo } from '~/mail/mail.server';

/**
 * Test hook for end-to-end tests: the last message sent to an address. Exists only when the
 * server runs with AULA_TEST_HOOKS=true (the Playwright web server); 404 otherwise.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (process.env.AULA_TEST_HOOKS !== 'true') throw new Response('Pagina non trovata.', { status: 404 });
  const to = new URL(request.url).searchParams.get('to') ?? '';
  const mail = await latestMailTo(to);
  if (!mail) throw new Response('Nessun messaggio.', { status: 404 });
  return Response.json(mail);
}
