// Web pages: the article without the site around it (menus, header, footer, share bars, comments,
// "related" lists), block elements as paragraphs, the headline as the first line.
import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';
import { checkNotBinary, decodeText, normalizeText, type ReaderMeta } from '../read.js';

/** Reads an .html/.htm file: charset from the BOM or <meta>, then the main content as paragraphs under the title line. */
export async function readHtml(buf: Buffer, file: string): Promise<{ text: string; meta: ReaderMeta }> {
  const root = parse(decodeHtml(buf, file), { comment: false });
  const title = pageTitle(root);
  dropChrome(root);
  const content = mainContent(root);
  const blocks = htmlBlocks(content);
  if (title && blocks[0] !== title) blocks.unshift(title);
  return { text: blocks.join('\n\n'), meta: title ? { title } : {} };
}

/** The page's text: UTF-8 (and the legacy fallbacks of decodeText) unless a BOM-less page declares another charset. */
export function decodeHtml(buf: Buffer, file: string): string {
  const declared = declaredCharset(buf);
  if (!declared || /^utf-?8$/i.test(declared) || (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)) return decodeText(buf, file);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared);
  } catch {
    throw new Error(`${file}: bảng mã không hỗ trợ '${declared}'`);
  }
  checkNotBinary(buf, file);
  // normalizeText also repairs a page declared Latin-1 whose text is TCVN3 or VNI shown with a .Vn font.
  return normalizeText(decoder.decode(buf));
}

/** The charset a page declares in its first 4 KB (<meta charset> or http-equiv), lower-cased; null when none. */
export function declaredCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 4096).toString('latin1');
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

const collapse = (s: string): string => s.replace(/[ \t\n\r\f]+/g, ' ').trim();

function pageTitle(root: HTMLElement): string {
  const h1 = root.querySelector('article h1') ?? root.querySelector('main h1') ?? root.querySelector('h1');
  const heading = h1 ? collapse(h1.text) : '';
  return heading || collapse(root.querySelector('title')?.text ?? '');
}

// Elements that are never the report: code, forms, and the landmarks of site navigation.
const CHROME_TAGS = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, select, input, textarea, nav, aside, menu, dialog';
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog']);
// Class or id words of site furniture. 'header' and 'footer' are left out: an article's own header holds
// its date and number, which metadata extraction wants.
const CHROME_WORDS = new Set([
  'nav', 'navbar', 'navigation', 'menu', 'menubar', 'breadcrumb', 'breadcrumbs', 'share', 'sharing', 'social',
  'comment', 'comments', 'related', 'sidebar', 'banner', 'advert', 'advertisement', 'ads', 'pagination', 'pager',
  'cookie', 'cookies', 'toolbar', 'widget', 'popup', 'modal', 'subscribe', 'newsletter', 'rating',
]);

const classWords = (el: HTMLElement): string[] =>
  `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

function isChrome(el: HTMLElement): boolean {
  if (CHROME_ROLES.has((el.getAttribute('role') ?? '').toLowerCase())) return true;
  if (el.getAttribute('hidden') !== undefined || el.getAttribute('aria-hidden') === 'true') return true;
  const tag = el.tagName;
  // The page's own header and footer; those inside an article belong to it.
  if ((tag === 'HEADER' || tag === 'FOOTER') && !el.closest('article, main')) return true;
  return classWords(el).some((w) => CHROME_WORDS.has(w));
}

function dropChrome(root: HTMLElement): void {
  for (const el of root.querySelectorAll(CHROME_TAGS)) el.remove();
  const walk = (el: HTMLElement): void => {
    for (const child of [...el.childNodes]) {
      if (!(child instanceof HTMLElement)) continue;
      if (child.tagName !== 'BODY' && child.tagName !== 'HTML' && isChrome(child)) child.remove();
      else walk(child);
    }
  };
  walk(root);
}

// Length of the text in an element's own <p> children: where a page's paragraphs gather is its content.
const ownParagraphText = (el: HTMLElement): number =>
  el.childNodes.reduce((n, c) => n + (c instanceof HTMLElement && c.tagName === 'P' ? collapse(c.text).length : 0), 0);

// Length of the text in all <p> inside an element (its whole text when it has none).
const paragraphText = (el: HTMLElement): number =>
  el.querySelectorAll('p').reduce((n, p) => n + collapse(p.text).length, 0) || collapse(el.text).length;

function largest(els: HTMLElement[], size: (el: HTMLElement) => number): HTMLElement | null {
  let top: HTMLElement | null = null;
  let most = 0;
  for (const el of els) {
    const n = size(el);
    if (n > most) [top, most] = [el, n];
  }
  return top;
}

function contains(outer: HTMLElement, inner: HTMLElement): boolean {
  for (let el: HTMLElement | null = inner; el; el = el.parentNode) if (el === outer) return true;
  return false;
}

function mainContent(root: HTMLElement): HTMLElement {
  const marked = root.querySelector('[itemprop="articleBody"]');
  if (marked) return marked;
  const chosen = largest(root.querySelectorAll('article'), paragraphText) ?? root.querySelector('main, [role="main"]');
  const parents = root.querySelectorAll('p').flatMap((p) => (p.parentNode ? [p.parentNode] : []));
  const densest = largest(parents, ownParagraphText);
  if (!chosen) return densest ?? root.querySelector('body') ?? root;
  // A listing page's teaser <article>s are small beside the real text; the densest block wins then.
  if (densest && !contains(chosen, densest) && ownParagraphText(densest) > 3 * paragraphText(chosen)) return densest;
  return chosen;
}

const BLOCKS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI',
  'DL', 'DT', 'DD', 'BLOCKQUOTE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'CAPTION', 'ADDRESS',
  'HR', 'CENTER', 'BODY', 'HTML',
]);

/**
 * The paragraphs of an HTML fragment: one per block element, inline text joined, whitespace collapsed,
 * <br> kept as a line break, a table row as one line with its cells joined by ' | ', <pre> as written.
 */
export function htmlBlocks(root: HTMLElement): string[] {
  const blocks: string[] = [];
  let line = '';
  const flush = (): void => {
    const text = line
      .split('\n')
      .map((l) => collapse(l))
      .filter(Boolean)
      .join('\n');
    if (text) blocks.push(text);
    line = '';
  };
  const walk = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      // Source line breaks are layout, not text; only <br> breaks a line.
      line += node.text.replace(/[ \t\n\r\f]+/g, ' ');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName;
    if (tag === 'BR') {
      line += '\n';
      return;
    }
    if (tag === 'TR') {
      flush();
      const cells = node.childNodes.filter((c): c is HTMLElement => c instanceof HTMLElement && (c.tagName === 'TD' || c.tagName === 'TH'));
      line = cells.map((c) => collapse(htmlBlocks(c).join(' '))).join(' | ').replace(/^( \| )+|( \| )+$/g, '');
      flush();
      return;
    }
    if (tag === 'PRE') {
      flush();
      for (const b of node.text.split(/\n\s*\n/)) {
        const block = b.replace(/[ \t]+$/gm, '').replace(/^\n+|\s+$/g, '');
        if (block) blocks.push(block);
      }
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return blocks;
}
