// Builders of small DOCX and PDF files, so each test shows the content it feeds the reader.
import JSZip from 'jszip';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx whose body is `bodyXml` (w:p and w:tbl elements), with a style sheet naming Heading1. */
export async function makeDocx(bodyXml: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
      `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
  );
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${bodyXml}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A DOCX paragraph; `style` names a paragraph style such as 'Heading1'. */
export const para = (text: string, style?: string): string =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A DOCX table of plain-text cells. */
export const table = (rows: string[][]): string =>
  `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${para(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

/** How makePdf draws a page: lines of text (each at its own baseline), or a filled box and no text at all. */
export type PdfPage = string[] | 'image';

/**
 * A PDF with a real text layer: Helvetica, every character mapped through a ToUnicode CMap (so
 * Vietnamese letters come back exact), one line per string, 16 pt apart; a '' line leaves a blank
 * line's gap. `encrypted` adds a standard security handler whose user password is not empty.
 */
export function makePdf(pages: PdfPage[], options: { encrypted?: boolean } = {}): Buffer {
  const codes = new Map<string, number>();
  const code = (ch: string): number => {
    if (ch.charCodeAt(0) < 0x80) return ch.charCodeAt(0);
    if (!codes.has(ch)) codes.set(ch, 0xc0 + codes.size);
    return codes.get(ch)!;
  };
  const pdfString = (s: string): string =>
    '(' +
    [...s]
      .map((ch) => {
        const c = code(ch);
        if (ch === '(' || ch === ')' || ch === '\\') return '\\' + ch;
        return c < 0x80 ? ch : '\\' + c.toString(8).padStart(3, '0');
      })
      .join('') +
    ')';
  const contents = pages.map((page) => {
    if (page === 'image') return '0 0 1 rg 100 100 300 400 re f';
    let y = 780;
    const ops = ['BT', '/F1 12 Tf'];
    for (const line of page) {
      if (line) ops.push(`1 0 0 1 72 ${y} Tm ${pdfString(line)} Tj`);
      y -= 16;
    }
    ops.push('ET');
    return ops.join('\n');
  });
  const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
  const used = new Set<number>();
  for (const page of pages) if (page !== 'image') for (const line of page) for (const ch of line) used.add(code(ch));
  const unicodeOf = new Map<number, string>([...codes].map(([ch, c]) => [c, ch]));
  const bfchar = [...used]
    .sort((a, b) => a - b)
    .map((c) => `<${hex(c)}> <${[...(unicodeOf.get(c) ?? String.fromCharCode(c))].map((u) => u.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('')}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${bfchar.length} beginbfchar`,
    ...bfchar,
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');

  // Objects: 1 catalog, 2 pages, 3 font, 4 ToUnicode, then a page and its content per page, then Encrypt.
  const objects: string[] = [];
  const stream = (body: string): string => `<< /Length ${body.length} >>\nstream\n${body}\nendstream`;
  const pageIds = pages.map((_, i) => 5 + 2 * i);
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>');
  objects.push(stream(cmap));
  contents.forEach((content, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`);
    objects.push(stream(content));
  });
  const encryptId = objects.length + 1;
  if (options.encrypted) {
    const h32 = (seed: number): string => Array.from({ length: 32 }, (_, i) => hex((seed * 31 + i * 17) & 0xff)).join('');
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O <${h32(3)}> /U <${h32(7)}> /P -44 >>`);
  }

  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  const encrypt = options.encrypted ? ` /Encrypt ${encryptId} 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]` : '';
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
