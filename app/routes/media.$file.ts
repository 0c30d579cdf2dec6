import type { LoaderFunctionArgs } from '@remix-run/node';
import { resourceError } from '~/http/errors.server';
import { readImage } from '~/media/images.server';

/**
 * An image of the studio by its content hash. The URL names the bytes, so the answer never changes:
 * public, immutable caching. Images are published content (modules and cards show them to any
 * reader), so no session is needed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const image = await readImage(params.file ?? '');
  if (!image) throw resourceError(request, 404);
  return new Response(Buffer.from(image.bytes), {
    headers: {
      'Content-Type': image.mime,
      'Content-Length': String(image.bytes.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: `"${image.hash}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
