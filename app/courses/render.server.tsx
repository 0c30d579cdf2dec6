/**
 * Renders stored compiled MDX to HTML once per version hash (in-process cache). Requests never compile,
 * and since the cache key is the content hash, several instances never serve stale text.
 */
import mdxClient from 'mdx-bundler/client/index.js';
import { renderToStaticMarkup } from 'react-dom/server';
import { mdxComponents } from './mdx-components';

const cache = new Map<string, string>();
const MAX = 500;

export function cachedHtml(hash: string): string | undefined {
  return cache.get(hash);
}

export function renderMdxToHtml(hash: string, code: string): string {
  const hit = cache.get(hash);
  if (hit !== undefined) return hit;
  const Component = mdxClient.getMDXComponent(code);
  const html = renderToStaticMarkup(<Component components={mdxComponents as never} />);
  if (cache.size >= MAX) cache.delete(cache.keys().next().value!);
  cache.set(hash, html);
  return html;
}
