/**
 * Strings as one column of UTF-8: their bytes back to back, and the byte offset of string i at i (one
 * more entry than strings, ending with the byte length). Each string is encoded on its own, as it is
 * decoded, so a lone surrogate cannot pair up with the next string's. The bytes own their buffer
 * (never Buffer's shared pool), so that they can be transferred to another thread.
 */
export function utf8Strings(strings: readonly string[]): { bytes: Uint8Array; offsets: Uint32Array } {
  let size = 0;
  for (const s of strings) size += Buffer.byteLength(s, 'utf8');
  const bytes = new Uint8Array(size);
  const writer = Buffer.from(bytes.buffer);
  const offsets = new Uint32Array(strings.length + 1);
  let at = 0;
  strings.forEach((s, i) => {
    offsets[i] = at;
    at += writer.write(s, at, 'utf8');
  });
  offsets[strings.length] = at;
  return { bytes: bytes.subarray(0, at), offsets };
}
