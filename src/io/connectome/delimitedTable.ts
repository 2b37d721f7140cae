/**
 * Reads a delimited text table (comma, tab, semicolon or whitespace separated; with or without a
 * header) and says exactly where it is wrong: file, line and column, what was found, what was
 * expected. Fields may be quoted as in RFC 4180 ("a, b" holds a comma, "" is a quote), within one
 * line.
 */

export type Delimiter = ',' | '\t' | ';' | 'whitespace';

export interface TableProblem {
  file: string;
  line: number; // 1-based
  column: number; // 1-based character position in the line
  found: string;
  expected: string;
}

export class TableFormatError extends Error {
  constructor(readonly problems: TableProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'TableFormatError';
  }
}

export function formatProblem(p: TableProblem): string {
  return `${p.file}:${p.line}:${p.column}: expected ${p.expected}, found ${p.found}`;
}

export interface TableRow {
  line: number;
  fields: string[];
  /** 1-based column where each field starts. */
  columns: number[];
}

export interface Table {
  file: string;
  delimiter: Delimiter;
  header: string[] | null;
  rows: TableRow[];
  /** Rows left out because `skipInvalid` was asked for, each with its problem. */
  skipped: TableProblem[];
}

/** Finds bytes that text files do not hold (NUL, or mostly control characters). */
function checkText(file: string, text: string): void {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let k = 0; k < sample.length; k++) {
    const c = sample.charCodeAt(k);
    if (c === 0 || c === 0xfffd) {
      const before = sample.slice(0, k).split('\n');
      throw new TableFormatError([
        {
          file,
          line: before.length,
          column: before[before.length - 1].length + 1,
          found: `byte 0x${c.toString(16).padStart(2, '0')} (a binary file)`,
          expected: 'text (CSV, TSV or whitespace-separated columns)',
        },
      ]);
    }
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  if (control > sample.length / 10)
    throw new TableFormatError([
      {
        file,
        line: 1,
        column: 1,
        found: `${control} control characters in the first ${sample.length} (a binary file)`,
        expected: 'text (CSV, TSV or whitespace-separated columns)',
      },
    ]);
}

function detectDelimiter(file: string, line: string, lineNo: number): Delimiter {
  const bare = line.replace(/"(?:[^"]|"")*"/g, '""'); // delimiters inside quotes do not count
  if (bare.includes('\t')) return '\t';
  if (bare.includes(',')) return ',';
  if (bare.includes(';')) return ';';
  const trimmed = line.trim();
  if (/\s/.test(trimmed)) return 'whitespace';
  const odd = /[|:]/.exec(trimmed);
  throw new TableFormatError([
    {
      file,
      line: lineNo,
      column: odd ? line.indexOf(odd[0]) + 1 : 1,
      found: odd ? `"${odd[0]}" between columns` : `one column ("${trimmed.slice(0, 40)}")`,
      expected: 'columns separated by commas, tabs, semicolons or spaces',
    },
  ]);
}

function split(file: string, lineNo: number, line: string, delimiter: Delimiter): { fields: string[]; columns: number[] } {
  const fields: string[] = [];
  const columns: number[] = [];
  if (delimiter === 'whitespace') {
    const re = /\S+/g;
    let m;
    while ((m = re.exec(line))) {
      fields.push(m[0]);
      columns.push(m.index + 1);
    }
    return { fields, columns };
  }
  let start = 0;
  for (;;) {
    let lead = 0;
    while (start + lead < line.length && (line[start + lead] === ' ' || line[start + lead] === '\t') && line[start + lead] !== delimiter)
      lead++;
    const at = start + lead;
    let value: string;
    let end: number;
    if (line[at] === '"') {
      // RFC 4180: a quoted field runs to the next lone quote; "" inside it is one quote
      let k = at + 1;
      value = '';
      for (;;) {
        const q = line.indexOf('"', k);
        if (q < 0)
          throw new TableFormatError([
            { file, line: lineNo, column: at + 1, found: 'a quote that is never closed', expected: 'a closing " on the same line' },
          ]);
        value += line.slice(k, q);
        if (line[q + 1] === '"') {
          value += '"';
          k = q + 2;
          continue;
        }
        k = q + 1;
        break;
      }
      end = line.indexOf(delimiter, k);
      const rest = line.slice(k, end < 0 ? undefined : end);
      if (rest.trim())
        throw new TableFormatError([
          {
            file,
            line: lineNo,
            column: k + rest.search(/\S/) + 1,
            found: `"${rest.trim().slice(0, 20)}" after a closing quote`,
            expected: delimiter === '\t' ? 'a tab' : `"${delimiter}"`,
          },
        ]);
    } else {
      end = line.indexOf(delimiter, at);
      value = line.slice(at, end < 0 ? undefined : end).trim();
    }
    fields.push(value);
    columns.push(at + 1);
    if (end < 0) break;
    start = end + 1;
  }
  return { fields, columns };
}

/**
 * Parses `text`. `isHeader` decides whether the first row names the columns. Blank lines and
 * lines starting with `#` are skipped. Every row must have as many fields as the first; with
 * `skipInvalid` the others are left out and listed, otherwise they are errors.
 */
export function readTable(
  file: string,
  text: string,
  isHeader: (first: string[], second: string[] | null) => boolean,
  skipInvalid = false,
): Table {
  checkText(file, text);
  const lines = text.split(/\r?\n/);
  const content: { line: number; text: string }[] = [];
  lines.forEach((t, k) => {
    if (t.trim() && !t.trimStart().startsWith('#')) content.push({ line: k + 1, text: t.replace(/^\uFEFF/, '') });
  });
  if (!content.length)
    throw new TableFormatError([{ file, line: 1, column: 1, found: 'an empty file', expected: 'a header or at least one row' }]);
  const delimiter = detectDelimiter(file, content[0].text, content[0].line);
  const parsed = content.map((c) => ({ line: c.line, ...split(file, c.line, c.text, delimiter) }));
  const header = isHeader(parsed[0].fields, parsed[1]?.fields ?? null) ? parsed[0].fields : null;
  const rows = header ? parsed.slice(1) : parsed;
  const width = parsed[0].fields.length;
  const problems: TableProblem[] = [];
  const kept: TableRow[] = [];
  for (const r of rows) {
    if (r.fields.length !== width) {
      const col = r.fields.length > width ? r.columns[width] : lines[r.line - 1].length + 1;
      problems.push({
        file,
        line: r.line,
        column: col,
        found: `${r.fields.length} columns`,
        expected: `${width} columns like line ${parsed[0].line}`,
      });
    } else kept.push(r);
  }
  if (problems.length && !skipInvalid) throw new TableFormatError(problems);
  return { file, delimiter, header, rows: kept, skipped: problems };
}
