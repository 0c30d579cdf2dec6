import { issueCertificateIfComplete } from '~/certificates/issue.server';
import type { Tx } from '~/utils/db.server';

/**
 * Called in the progress transaction (lock held) whenever a module completes: the place where
 * course completion turns into a certificate, in the same transaction.
 */
export function onModuleCompleted(tx: Tx, m: { userId: string; courseId: string }): Promise<{ code: string; created: boolean } | null> {
  return issueCertificateIfComplete({ tx, userId: m.userId, courseId: m.courseId });
}
