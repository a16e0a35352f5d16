/** Paragraphs per page of the document view: a 40,000-paragraph gazette document is read a page at a time. */
export const DOCUMENT_PAGE = 500;

/**
 * The link to a document, or to one of its paragraphs, with the query to highlight. A paragraph past
 * the first page carries `at`, which picks the page it is on (the server never sees the `#p` anchor).
 */
export function paragraphUrl(doc: string, paragraph?: number, q?: string): string {
  const path = '/doc/' + doc.split('/').map(encodeURIComponent).join('/');
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (paragraph && paragraph > DOCUMENT_PAGE) params.set('at', String(paragraph));
  const query = params.size ? `?${params}` : '';
  return path + query + (paragraph ? `#p${paragraph}` : '');
}
