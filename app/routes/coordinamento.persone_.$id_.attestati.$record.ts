import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth/guards.server';
import { readTrainingAttachment } from '~/coordination/person.server';
import { resourceError } from '~/http/errors.server';
import { z } from '~/utils/zod';

const uuid = z.string().uuid();

/**
 * The certificate attached to a training record, for the coordinators whose scope holds the person
 * (outside it, or unknown: 404). Always a download, never shown inline, never stored by a cache.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireRole({ request, context }, 'coordinator');
  const userId = uuid.safeParse(params.id);
  const recordId = uuid.safeParse(params.record);
  const file = userId.success && recordId.success ? await readTrainingAttachment({ actorId: user.id, userId: userId.data, recordId: recordId.data }) : null;
  if (!file) throw resourceError(request, 404, 'coord.error.outOfScope');
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_');
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': file.mime,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
