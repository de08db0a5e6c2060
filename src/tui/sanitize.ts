/**
 * Text from scanned code (snippets, file and function names, reasons) and from AWS (account names,
 * error messages) is untrusted: an escape sequence in it could move the cursor, recolour or hide
 * the screen, or retitle the terminal. Everything shown in the terminal goes through here.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \), DCS/SOS/PM/APC strings, then any other ESC pair.
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -/]*[0-~]?|\u009b[0-?]*[ -/]*[@-~]?|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u009c)?/g;
// C0 (tab/newline handled before), DEL, C1, BiDi embeddings/overrides/isolates and marks,
// zero-width characters and line/paragraph separators.
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/** One line of plain, printable text: escape sequences and control/BiDi characters removed, tabs and newlines become spaces. */
export function sanitizeForTerminal(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, '').replace(/[\t\n\u2028\u2029]/g, ' ').replace(UNSAFE_CHAR, '');
}

/** Cuts to at most `max` code points, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  if (max <= 0) return '';
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return max === 1 ? '…' : chars.slice(0, max - 1).join('') + '…';
}

/** Pads or cuts to exactly `width` code points. */
export function fit(s: string, width: number): string {
  const t = truncate(s, width);
  const len = Array.from(t).length;
  return len < width ? t + ' '.repeat(width - len) : t;
}

/** Cuts at the start: for paths, whose end (file name, line) matters most. */
export function truncateStart(s: string, max: number): string {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  return max <= 0 ? '' : '…' + chars.slice(chars.length - max + 1).join('');
}

/** Like fit, but cuts at the start. */
export function fitStart(s: string, width: number): string {
  const t = truncateStart(s, width);
  return t + ' '.repeat(Math.max(0, width - Array.from(t).length));
}

/** https://no-color.org: colour only on a TTY and when NO_COLOR is unset or empty. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env['NO_COLOR'];
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}
