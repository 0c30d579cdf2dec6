/** Compiles validated MDX once, at import time. Requests only render stored code (render.server.tsx). */
import { bundleMDX } from 'mdx-bundler';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';

export async function compileMdx(body: string): Promise<string> {
  const result = await bundleMDX({
    source: body,
    mdxOptions(options) {
      options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
      options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeSlug];
      return options;
    },
    esbuildOptions(options) {
      options.minify = true;
      options.target = ['es2022'];
      return options;
    },
  });
  return result.code;
}
