/** The person's own data export, audited (who downloaded what, never the content). */
import { getDb, schema } from '~/utils/db.server';
import { buildDataExport } from './data.server';

export async function exportMyData({ userId }: { userId: string }): Promise<Uint8Array | null> {
  const zip = await buildDataExport({ userId });
  if (!zip) return null;
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId: userId, action: 'privacy.export', target: userId, data: JSON.stringify({ bytes: zip.byteLength }) });
  return zip;
}
