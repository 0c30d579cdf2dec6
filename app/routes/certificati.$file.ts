import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { renderOwnedCertificatePdf } from '~/certificates/read.server';
import { resourceError } from '~/http/errors.server';

/**
 * `/certificati/<code>.pdf`: the certificate PDF, for its owner only (anyone else: 404). Rendered
 * from the stored data on every request; nothing of it is stored.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser({ request, context });
  const file = params.file ?? '';
  const notFound = () => resourceError(request, 404, 'error.notFound.certificate');
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
