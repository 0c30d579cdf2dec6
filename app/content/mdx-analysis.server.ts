/**
 * Reads a lecturer's MDX as content, not code: parses it with the MDX parser and rejects anything
 * outside the allowlist (import/export, JavaScript expressions, unknown components, computed
 * attributes) with line and column. Also collects what the platform needs: table of contents,
 * references to cards and glossary terms, plain text for search and readability.
 */
import { createProcessor } from '@mdx-js/mdx';
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import { isAllowedUrl, urlIssue } from './urls';

export interface ContentIssue {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface MdxAnalysis {
  toc: Array<{ depth: 2 | 3; text: string; id: string }>;
  cardRefs: string[];
  termRefs: string[];
  headings: Array<{ depth: number; text: string }>;
  plainText: string;
  wordCount: number;
}

/** The components a lecturer may use, with their required and allowed attributes. */
export const COMPONENTS: Record<string, { required: string[]; allowed: string[] }> = {
  Nota: { required: [], allowed: ['titolo'] },
  Attenzione: { required: ['verificatoAl'], allowed: ['verificatoAl', 'titolo'] },
  Caso: { required: [], allowed: ['titolo'] },
  Norma: { required: ['atto', 'articolo'], allowed: ['atto', 'articolo'] },
  Glossario: { required: ['termine'], allowed: ['termine'] },
  Scheda: { required: ['slug'], allowed: ['slug'] },
};

let processor: ReturnType<typeof createProcessor> | undefined;

/** Splits `---` YAML frontmatter from the body, remembering how many lines it took. */
export function splitFrontmatter(source: string): { yaml: string | null; body: string; bodyLine: number } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(source);
  if (!m) return { yaml: null, body: source, bodyLine: 0 };
  const consumed = m[0];
  return { yaml: m[1] ?? '', body: source.slice(consumed.length), bodyLine: consumed.split('\n').length - 1 };
}

type Node = { type: string; position?: { start: { line: number; column: number } }; children?: Node[]; [k: string]: unknown };

export function analyzeMdx(file: string, body: string, bodyLine: number): { analysis: MdxAnalysis | null; issues: ContentIssue[] } {
  const issues: ContentIssue[] = [];
  processor ??= createProcessor({ remarkPlugins: [remarkGfm] });
  let tree: Node;
  try {
    tree = processor.parse(body) as unknown as Node;
  } catch (err) {
    const e = err as { line?: number; column?: number; reason?: string; message?: string };
    issues.push({ file, line: e.line != null ? e.line + bodyLine : undefined, column: e.column ?? undefined, message: `MDX non valido: ${e.reason ?? e.message}` });
    return { analysis: null, issues };
  }
  const at = (node: Node, message: string) =>
    issues.push({ file, line: node.position ? node.position.start.line + bodyLine : undefined, column: node.position?.start.column, message });

  const slugger = new GithubSlugger();
  const toc: MdxAnalysis['toc'] = [];
  const headings: MdxAnalysis['headings'] = [];
  const cardRefs = new Set<string>();
  const termRefs = new Set<string>();
  let lastDepth = 1;

  visit(tree as never, (n: unknown) => {
    const node = n as Node;
    switch (node.type) {
      case 'mdxjsEsm':
        at(node, 'import ed export non sono ammessi: un modulo è contenuto, non codice');
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        at(node, 'le espressioni JavaScript tra graffe non sono ammesse (per scrivere una graffa usa \\{)');
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const name = node.name as string | null;
        const spec = name ? COMPONENTS[name] : undefined;
        if (!spec) {
          at(node, `componente <${name ?? ''}> non ammesso: usa solo ${Object.keys(COMPONENTS).map((c) => `<${c}>`).join(', ')}`);
          break;
        }
        const attrs = new Map<string, string>();
        for (const attr of (node.attributes as Node[]) ?? []) {
          if (attr.type !== 'mdxJsxAttribute') {
            at(node, `<${name}>: gli attributi calcolati non sono ammessi`);
            continue;
          }
          const key = attr.name as string;
          if (typeof attr.value !== 'string') {
            at(node, `<${name}>: l'attributo «${key}» deve essere un testo tra virgolette`);
            continue;
          }
          if (!spec.allowed.includes(key)) at(node, `<${name}>: attributo «${key}» sconosciuto (ammessi: ${spec.allowed.join(', ') || 'nessuno'})`);
          attrs.set(key, attr.value);
        }
        for (const req of spec.required) if (!attrs.get(req)?.trim()) at(node, `<${name}>: manca l'attributo obbligatorio «${req}»`);
        for (const key of ['slug', 'termine']) {
          const v = attrs.get(key);
          if (v !== undefined && !/^[a-z0-9-]+$/.test(v)) at(node, `<${name}>: l'attributo «${key}» deve contenere solo lettere minuscole, cifre e trattini`);
        }
        for (const [key, v] of attrs) if (/^[\s\u0000-\u001f]*[a-z][a-z0-9+.-]*:\S/i.test(v) && !isAllowedUrl(v)) at(node, `<${name}> «${key}»: ${urlIssue(v)}`);
        if (name === 'Scheda' && attrs.get('slug')) cardRefs.add(attrs.get('slug')!);
        if (name === 'Glossario' && attrs.get('termine')) termRefs.add(attrs.get('termine')!);
        if (name === 'Attenzione' && attrs.get('verificatoAl') && !/^\d{4}-\d{2}-\d{2}$/.test(attrs.get('verificatoAl')!))
          at(node, '<Attenzione>: «verificatoAl» deve essere una data AAAA-MM-GG');
        break;
      }
      case 'heading': {
        const depth = node.depth as number;
        const text = toString(node as never);
        headings.push({ depth, text });
        if (depth === 1) at(node, 'titolo di livello 1 non ammesso nel testo: il titolo viene dal frontmatter, inizia da ##');
        else if (depth > lastDepth + 1) at(node, `il titolo «${text}» salta un livello (da ${'#'.repeat(lastDepth)} a ${'#'.repeat(depth)})`);
        lastDepth = depth;
        const id = slugger.slug(text);
        if (depth === 2 || depth === 3) toc.push({ depth, text, id });
        break;
      }
      case 'image':
        if (!String(node.alt ?? '').trim()) at(node, 'immagine senza testo alternativo: scrivi ![descrizione](file)');
        if (!isAllowedUrl(String(node.url ?? ''))) at(node, urlIssue(String(node.url ?? '')));
        break;
      case 'link':
      case 'definition':
        if (!isAllowedUrl(String(node.url ?? ''))) at(node, urlIssue(String(node.url ?? '')));
        break;
      case 'html':
        at(node, 'HTML grezzo non ammesso');
        break;
    }
  });

  const plainText = blockText(tree);
  const wordCount = plainText.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return {
    analysis: { toc, cardRefs: [...cardRefs], termRefs: [...termRefs], headings, plainText, wordCount },
    issues,
  };
}

/**
 * Plain text with a sentence boundary after each paragraph (list items are paragraphs) and after
 * each table row, one block a line. A table cell is part of its row's sentence, and a heading is
 * not a sentence of its own: it ends with no terminator, so readability counts it with the text
 * that follows.
 */
function blockText(tree: Node): string {
  const out: string[] = [];
  const flat = (node: Node) => toString(node as never).replace(/\s+/g, ' ').trim();
  const end = (t: string) => (/[.!?:;]$/.test(t) ? t : `${t}.`);
  const walk = (node: Node) => {
    if (node.type === 'heading') {
      const t = flat(node).replace(/[.!?:;]+$/, '');
      if (t) out.push(t);
      return;
    }
    if (node.type === 'tableRow') {
      const cells = (node.children ?? []).map(flat).filter(Boolean);
      if (cells.length) out.push(end(cells.map((c, i) => (i < cells.length - 1 ? c.replace(/[.;:]+$/, '') : c)).join('; ')));
      return;
    }
    if (node.type === 'paragraph') {
      const t = flat(node);
      if (t) out.push(end(t));
      return;
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(tree);
  return out.join('\n');
}

/**
 * Abbreviations whose period does not end a sentence when the text goes on in the same block
 * ("art. 5", "L. 91/1992", "D.Lgs. 25/2008", "lett. a", "ecc. e"). At the end of a block (a new
 * line, or the end of the text) the period still closes the sentence.
 */
const ABBREVIATIONS = [
  'art', 'Art', 'artt', 'Artt', 'c', 'cc', 'co', 'lett', 'n', 'nn', 'L', 'l', 'C', 'D.Lgs', 'd.lgs', 'D.L', 'DL', 'DPR', 'D.P.R',
  'DM', 'D.M', 'DPCM', 'ecc', 'p.es', 'es', 'cfr', 'Reg', 'reg', 'Dir', 'dir', 'Cost', 'cost', 'sent', 'sentt', 'ord', 'Cass', 'circ',
  'Min', 'Trib', 'par', 'parr', 'sez', 'pag', 'cap', 'all', 'tel', 'v', 'ss', 'prot', 'conv', 'mod',
];
const ABBREVIATION_END = new RegExp(`(?:^|[\\s(\\[«"'/])(?:${ABBREVIATIONS.map((a) => a.replace(/\./g, '\\.')).join('|')})\\.$`);

/** Sentences: runs of . ! ? followed by a space or the end, less the periods of abbreviations. */
function countSentences(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[.!?]+(?=\s|$)/g)) {
    const at = m.index + m[0].length;
    const continues = /^[ \t]+\S/.test(text.slice(at, at + 40));
    if (m[0] === '.' && continues && ABBREVIATION_END.test(text.slice(Math.max(0, at - 12), at))) continue;
    n++;
  }
  return n;
}

/** Gulpease index: 89 + (300 × sentences − 10 × letters) / words. */
export function gulpease(text: string): number {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return 0;
  const letters = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  const sentences = Math.max(1, countSentences(text));
  return Math.round((89 + (300 * sentences - 10 * letters) / words.length) * 10) / 10;
}
