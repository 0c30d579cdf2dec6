import type { ActionFunctionArgs } from '@remix-run/node';
import { completeCourseForTests } from '~/certificates/certificates.server';

/**
 * Test hook for end-to-end tests: marks every module of a course complete for an account (under
 * the progress lock) and issues the certificate as the progress code does. Exists only when the
 * server runs with AULA_TEST_HOOKS=true (the Playwright web server); 404 otherwise.
 */
function guard() {
  if (process.env.AULA_TEST_HOOKS !== 'true') throw new Response('Pagina non trovata.', { status: 404 });
}

export async function loader() {
  guard();
  throw new Response('Usa POST.', { status: 405 });
}

export async function action({ request }: ActionFunctionArgs) {
  guard();
  const form = await request.formData();
  const result = await completeCourseForTests({ email: String(form.get('email') ?? ''), courseSlug: String(form.get('course') ?? '') });
  if (!result) return Response.json({ error: 'Utente o corso non trovato, o corso non completo.' }, { status: 404 });
  return Response.json(result);
}
