import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { setLocale } from '~/auth/accounts.server';
import { getUser, safeRedirect } from '~/auth/guards.server';
import { readForm } from '~/http/form.server';
import { LOCALE_COOKIE } from '~/i18n/locale.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getUser({ request, context });
  const form = await readForm({ request, context });
  const locale = form.get('locale') === 'en' ? 'en' : 'it';
  if (user) await setLocale({ userId: user.id, locale });
  return redirect(safeRedirect(form.get('redirectTo'), '/'), {
    headers: { 'Set-Cookie': `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}
