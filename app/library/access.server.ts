import { getUser, requireUser, type GuardArgs } from '~/auth/guards.server';
import { env } from '~/utils/env.server';

/** Every signed-in role may use the library; LIBRARY_PUBLIC=true opens it to anonymous visitors. */
export async function requireLibraryAccess(args: GuardArgs) {
  if (env.libraryPublic) return getUser(args);
  return requireUser(args);
}
