/**
 * Renders stored compiled MDX to HTML once per version hash (in-process cache). Requests never compile,
 * and since the cache key is the content hash, several instances never serve stale text.
 */
import { eq } from 'drizzle-orm';
import mdxClient from 'mdx-bundler/client/index.js';
import { renderToStaticMarkup } from 'react-dom/server';
import { getDb, schema } from '~/utils/db.server';
import { mdxComponents } from './mdx-components';

const cache = new Map<string, string>();
const MAX = 500;

/** The HTML of a stored version (module or card); its compiled code is read only on a cache miss. */
export async function renderVersionHtml(versionId: string, hash: string): Promise<string> {
  const hit = cache.get(hash);
  if (hit !== undefined) return hit;
  const db = await getDb();
  const [row] = await db.select({ code: schema.contentVersions.compiledCode }).from(schema.contentVersions).where(eq(schema.contentVersions.id, versionId));
  return renderMdxToHtml(hash, row!.code);
}

/** The HTML of compiled MDX not stored yet (the studio's preview): the renderer learners get, cached by hash too. */
export function renderCompiledHtml(hash: string, code: string): string {
  return cache.get(hash) ?? renderMdxToHtml(hash, code);
}

function renderMdxToHtml(hash: string, code: string): string {
  const Component = mdxClient.getMDXComponent(code);
  const html = renderToStaticMarkup(<Component components={mdxComponents as never} />);
  if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
  cache.set(hash, html);
  return html;
}
