// Shared set-up of the web tests: a Searcher and the app listening on a free port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { createApp } from '../../src/web/app.js';
import { QueryError, type SearchHit, type Searcher } from '../../src/search/results.js';
import type { DocumentRecord, ParagraphRecord } from '../../src/ingest/records.js';
import { highlight as markRanges } from '../../src/search/highlight.js';

/** A running app and how to stop it. */
export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Starts the app over `searcher` on 127.0.0.1 and a free port. */
export async function startApp(searcher: Searcher): Promise<Running> {
  const app = createApp({ searcher, logError: () => {} });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

// ---- Temporary stand-in until src/search/engine.ts lands: real paragraphs, naive matching. ----
const fold = (s: string) => [...s.normalize('NFC')].map((c) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase()).join('');

/** A Searcher over the paragraphs of one seed file, matching folded words. */
export function seedSearcher(): Searcher {
  const file = '004_893c76cd1ca6adb1.txt';
  const raw = readFileSync(new URL(`../../seeds/${file}`, import.meta.url), 'utf8');
  const texts = raw.split(/\n\s*\n|\n/).map((t) => t.trim()).filter(Boolean);
  const document: DocumentRecord = { doc: file, title: texts[3], type: 'BÁO CÁO', number: '/BC-UBND', date: '2023-03', place: 'Lai Châu', hash: 'x', paragraphs: texts.length };
  const paragraphs: ParagraphRecord[] = texts.map((text, i) => ({ id: `${file}#p${i + 1}`, doc: file, paragraph: i + 1, heading: /^[A-Z]\. /.test(text) ? [text[0]] : [], text, start: 0, end: 0, kind: /^[A-Z]\. /.test(text) ? 'heading' : 'body' }));
  const highlight = (q: string, text: string): [number, number][] => {
    const words = q.split(/\s+/).filter(Boolean).map(fold);
    const folded = fold(text);
    const out: [number, number][] = [];
    const phrase = words.join(' ');
    for (let i = folded.indexOf(phrase); phrase && i >= 0; i = folded.indexOf(phrase, i + 1)) out.push([i, i + phrase.length]);
    return out;
  };
  return {
    search({ q, limit = 20, offset = 0, filters = {} }) {
      if (!q.trim()) throw new QueryError('empty query');
      const hits: SearchHit[] = [];
      for (const p of paragraphs) {
        const matches = highlight(q, p.text);
        if (!matches.length) continue;
        const html = markRanges(p.text, matches);
        hits.push({ id: p.id, doc: file, title: document.title, paragraph: p.paragraph, text: p.text, snippet: html, score: 1, url: `/doc/${file}?q=${encodeURIComponent(q)}#p${p.paragraph}`, partial: false, html, heading: p.heading, matches, citation: `${document.title}, đoạn ${p.paragraph}`, meta: { date: document.date, number: document.number, type: document.type, place: document.place } });
      }
      return { query: q, total: hits.length, totalPartial: 0, tookMs: 1, hits: hits.slice(offset, offset + limit), perDocument: hits.length ? [{ doc: file, title: document.title, date: document.date, count: hits.length }] : [], filters, didYouMean: hits.length ? undefined : 'giải ngân' };
    },
    suggest: (prefix) => (fold('giải ngân').startsWith(fold(prefix)) ? ['giải ngân'] : []),
    document: (doc) => (doc === file ? { document, paragraphs } : undefined),
    highlight,
    stats: () => ({ documents: 1, paragraphs: paragraphs.length }),
  };
}
