import { requireUser, type GuardArgs, type SessionUser } from '~/auth/guards.server';
import { httpError } from '~/http/errors.server';
import { mustEnrolTwoFactor } from '~/auth/signin.server';
import { redirect } from '@remix-run/node';

/** The indicators are for coordinators, operators and admins (each sees the sportelli of their scope). */
export async function requireIndicatorsAccess(args: GuardArgs): Promise<SessionUser> {
  const user = await requireUser(args);
  if (!user.roles.some((r) => r.role === 'coordinator' || r.role === 'operatore' || r.role === 'admin')) throw httpError(403);
  if (await mustEnrolTwoFactor(user)) throw redirect('/profilo/due-fattori?obbligatorio=1');
  return user;
}
