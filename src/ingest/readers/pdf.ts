// PDF files, from their text layer (pdf.js through unpdf): pages in order, each text line as one line.
// Hard wraps stay; the cleaning step's reflow joins them, also across a page break.

/** A positioned piece of text as pdf.js gives it (the fields used here). */
export interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

/** Reads a .pdf file's text layer; throws, in Vietnamese, when it is no PDF, is encrypted, cannot be parsed or has no text layer (a scan). */
export async function readPdf(buf: Buffer, file: string): Promise<string> {
  // The header may follow up to 1 KB of junk (PDF 1.7, §7.5.2), as some generators write.
  if (!buf.subarray(0, 1024).toString('latin1').includes('%PDF-')) throw new Error(`${file}: không phải tệp PDF: phần đầu tệp không đúng dạng PDF`);
  // Loaded on first use: pdf.js is large and most runs index no PDF.
  const { getDocumentProxy } = await import('unpdf');
  // A copy, because pdf.js takes over (detaches) the buffer it is given and the caller still hashes buf.
  const data = new Uint8Array(buf);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(data, { verbosity: 0 });
  } catch (e) {
    const error = e as Error;
    if (error.name === 'PasswordException') throw new Error(`${file}: tệp đã được mã hóa (cần mật khẩu để mở)`);
    throw new Error(`${file}: không đọc được tệp PDF (${error.message})`);
  }
  const pages: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(pageLines(content.items.flatMap((i) => ('str' in i ? [i] : []))).join('\n'));
      page.cleanup();
    }
  } catch (e) {
    throw new Error(`${file}: không đọc được tệp PDF (${(e as Error).message})`);
  } finally {
    await pdf.loadingTask.destroy();
  }
  if (!pages.some((p) => p.trim())) throw new Error(`${file}: không có lớp chữ (có lẽ là ảnh quét?)`);
  return pages.filter((p) => p.trim()).join('\n');
}

/**
 * The lines of one page in reading order: items in content-stream order (which follows columns better
 * than sorting by position), a new line where the baseline moves by more than half the text height,
 * a space where a gap separates two items, and a blank line where the gap between lines is clearly
 * larger than the usual line spacing (a paragraph break).
 */
export function pageLines(items: TextItem[]): string[] {
  const lines: { y: number; size: number; text: string }[] = [];
  let end = 0;
  let breakNext = false;
  for (const item of items) {
    const [, , c, d, x, y] = item.transform;
    const size = item.height || Math.hypot(c, d) || 10;
    const last = lines[lines.length - 1];
    if (!item.str) {
      if (item.hasEOL) breakNext = true;
      continue;
    }
    if (!last || breakNext || Math.abs(y - last.y) > size / 2) {
      lines.push({ y, size, text: item.str });
    } else {
      const gap = x - end;
      const spaced = /\s$/.test(last.text) || /^\s/.test(item.str);
      last.text += !spaced && gap > size * 0.15 ? ` ${item.str}` : item.str;
    }
    end = x + item.width;
    breakNext = Boolean(item.hasEOL);
  }
  const gaps = lines.slice(1).map((l, i) => Math.abs(lines[i].y - l.y)).filter((g) => g > 0);
  const usual = gaps.length ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] : 0;
  const out: string[] = [];
  lines.forEach((l, i) => {
    const text = l.text.replace(/\s+/g, ' ').trim();
    if (!text) return;
    if (i > 0 && usual && Math.abs(lines[i - 1].y - l.y) > usual * 1.6 && out.length) out.push('');
    out.push(text);
  });
  return out;
}
