// Reading a tsvector as PostgreSQL prints it: 'lexeme':3,7A 'other':5 (quotes doubled, backslashes escaped).

/** The lexemes of a printed tsvector and their positions, in order. */
export function parseTsvector(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (text[i] === ' ') i++;
    if (i >= n) break;
    if (text[i] !== "'") throw new SyntaxError(`not a printed tsvector at ${i}: ${text.slice(i, i + 20)}`);
    let term = '';
    for (i++; i < n; i++) {
      const c = text[i];
      if (c === '\\') term += text[++i];
      else if (c === "'") {
        if (text[i + 1] !== "'") break;
        term += "'";
        i++;
      } else term += c;
    }
    i++;
    const positions: number[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let p = 0;
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) p = p * 10 + text.charCodeAt(i++) - 48;
        positions.push(p);
        // A weight letter after the number.
        if (i < n && text[i] >= 'A' && text[i] <= 'D') i++;
        if (text[i] !== ',') break;
        i++;
      }
    }
    out.set(term, positions);
  }
  return out;
}
