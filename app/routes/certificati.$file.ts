import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { renderOwnedCertificatePdf } from '~/certificates/certificates.server';

/**
 * `/certificati/<code>.pdf`: the certificate PDF, for its owner only (anyone else: 404). Rendered
 * from the stored data on every request; nothing of it is stored.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = params.file ?? '';
  const notFound = () => new Response('Attestato non trovato.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!file.toLowerCase().endsWith('.pdf')) throw notFound();
  const pdf = await renderOwnedCertificatePdf({ userId: user.id, code: file.slice(0, -4) });
  if (!pdf) throw notFound();
  return new Response(pdf.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="attestato-${pdf.code}.pdf"`,
      'Content-Length': String(pdf.bytes.byteLength),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
