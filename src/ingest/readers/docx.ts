// Word documents: mammoth turns the DOCX body into simple HTML (headings, lists, tables, footnotes at the
// end), and the HTML reader's block walk turns that into paragraphs, a table row into one line.
import { parse } from 'node-html-parser';
import { htmlBlocks } from './html.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads a .docx file: its paragraphs in order, table rows as cells joined by ' | '. */
export async function readDocx(buf: Buffer, file: string): Promise<string> {
  if (!buf.subarray(0, 4).equals(ZIP_MAGIC)) throw new Error(`${file}: không phải tệp DOCX: không phải tệp nén zip`);
  // Loaded on first use: most runs index no Word files.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    // Images would come back as base64 data; the index has no use for them.
    const noImages = mammoth.images.imgElement(async () => ({ src: '' }));
    ({ value: html } = await mammoth.convertToHtml({ buffer: buf }, { convertImage: noImages }));
  } catch (e) {
    const message = (e as Error).message;
    if (/main document part|word\/document\.xml/i.test(message)) throw new Error(`${file}: không phải tệp DOCX: trong tệp nén không có word/document.xml`);
    throw new Error(`${file}: không đọc được tệp DOCX (${message})`);
  }
  return htmlBlocks(parse(html)).join('\n\n');
}
