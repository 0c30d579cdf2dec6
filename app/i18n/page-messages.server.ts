/**
 * The messages a document carries (issue 18). The browser does not download the whole catalogue of
 * its language with every page (21 KB gzipped, a fifth of the module page's JavaScript): each
 * document carries, in a JSON block before `</body>`, the messages of its language that its page
 * can show — those its server render used (recorded by `noteMessage`) and those named in the
 * browser code of its routes (found at build time by vite.config.ts, aulaMessages, in each chunk:
 * keys, template prefixes such as `library.topic.`, plural bases). entry.client installs them and
 * removes the block before hydrating; the first navigation fetches the whole language.
 */
import type { EntryContext } from '@remix-run/node';
import messageKeys from 'virtual:aula-message-keys';
import { dictionaries } from './dictionaries';
import type { Locale } from './messages';

const staticKeys = new Map<string, string[]>();

/** The keys named by the browser code of the page's routes (and the entry), once per set of routes. */
function keysOfRoutes(context: EntryContext, keys: Record<string, string[]>): string[] {
  const ids = context.staticHandlerContext.matches.map((m) => m.route.id);
  const id = ids.join('|');
  let found = staticKeys.get(id);
  if (!found) {
    const files = [context.manifest.entry.module, ...context.manifest.entry.imports];
    for (const routeId of ids) {
      const route = context.manifest.routes[routeId];
      if (route) files.push(route.module, ...(route.imports ?? []));
    }
    found = [...new Set(files.flatMap((f) => keys[f] ?? []))];
    staticKeys.set(id, found);
  }
  return found;
}

type Html = ReturnType<typeof Buffer.concat>;

export function pageMessages(html: Html, used: Set<string>, context: EntryContext): Html {
  // Development: no chunks to read, the browser loads the whole language.
  if (!messageKeys) return html;
  const end = html.lastIndexOf('</body>');
  if (end < 0) return html;
  const locale: Locale = /<html[^>]* lang="en"/.test(html.subarray(0, 300).toString('latin1')) ? 'en' : 'it';
  const dictionary = dictionaries[locale] as Record<string, string>;
  const messages: Record<string, string> = {};
  for (const key of keysOfRoutes(context, messageKeys)) if (key in dictionary) messages[key] = dictionary[key]!;
  for (const key of used) if (key in dictionary) messages[key] = dictionary[key]!;
  const block = `<script type="application/json" id="aula-messages">${JSON.stringify({ locale, messages }).replace(/</g, '\\u003c')}</script>`;
  return Buffer.concat([html.subarray(0, end), Buffer.from(block), html.subarray(end)]);
}
