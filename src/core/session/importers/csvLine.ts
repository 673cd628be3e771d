/** Splits one CSV line into fields: quoted fields may hold the delimiter and doubled quotes. */
export function splitCsvLine(line: string, delimiter: string): { fields: string[]; error?: string } {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return { fields, error: 'a quoted field is not closed' };
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      fields.push(value);
      if (i < line.length && line[i] !== delimiter) return { fields, error: `unexpected text after a quoted field at column ${i + 1}` };
    } else {
      const end = line.indexOf(delimiter, i);
      fields.push((end < 0 ? line.slice(i) : line.slice(i, end)).trim());
      if (end < 0) break;
      i = end;
    }
    if (i >= line.length) break;
    i++; // the delimiter
  }
  return { fields };
}

/** The delimiter a header line uses: tab or semicolon when it has those and no commas. */
export function guessDelimiter(headerLine: string): string {
  if (headerLine.includes(',')) return ',';
  if (headerLine.includes('\t')) return '\t';
  if (headerLine.includes(';')) return ';';
  return ',';
}
