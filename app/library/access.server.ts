import { getUser, requireUser, type GuardArgs } from '~/auth/guards.server';
import { getSettings } from '~/admin/settings.server';

/**
 * Every signed-in role may use the library; the admin's setting "library public" (default:
 * LIBRARY_PUBLIC) opens it to anonymous visitors.
 */
export async function requireLibraryAccess(args: GuardArgs) {
  if ((await getSettings()).libraryPublic) return getUser(args);
  return requireUser(args);
}
