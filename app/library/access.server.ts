import { getUser, requireUser } from '~/auth/guards.server';
import { env } from '~/utils/env.server';

/** Every signed-in role may use the library; LIBRARY_PUBLIC=true opens it to anonymous visitors. */
export async function requireLibraryAccess(request: Request) {
  if (env.libraryPublic) return getUser(request);
  return requireUser(request);
}
