import type { Tx } from '~/utils/db.server';

/**
 * Called in the progress transaction (lock held) whenever a module completes: the place where
 * course completion turns into a certificate.
 */
export async function onModuleCompleted(_tx: Tx, _m: { userId: string; courseId: string }): Promise<{ code: string; created: boolean } | null> {
  return null;
}
