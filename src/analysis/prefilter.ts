import { isAscii } from 'node:buffer';
import type { FileAnalysis } from '../core/types.js';
import { decodeWith, detectEncoding } from './encoding.js';

/**
 * Every AP-01 finding needs one of these spellings in the source (Python identifiers are case-sensitive):
 *  - `thread`: threading, _thread, dummy_threading, concurrent.futures.thread
 *  - `Thread`: Thread, ThreadPoolExecutor, ThreadPool (when imported by name)
 *  - `queue`:  the queue module (its classes are reachable only through an import naming it)
 *  - `dummy`:  multiprocessing.dummy, however imported
 *  - `__import__` / `import_module`: dynamic imports, whose literal may be built from pieces or escapes
 *    ("thr" "eading", "\x74hreading"), so the name itself need not appear.
 * Calls and subclasses resolve through an import, which already contains one of the module/name tokens.
 */
const TOKENS = ['thread', 'Thread', 'queue', 'dummy', '__import__', 'import_module'];
const TOKEN_BYTES = TOKENS.map((t) => Buffer.from(t, 'latin1'));

/** Token pre-filter: false only when no AP-01 finding is possible in these bytes (sound: every finding needs such a token). */
export function mightContainFinding(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const t of TOKEN_BYTES) if (buf.indexOf(t) >= 0) return true;
  if (isAscii(buf)) return false;
  // Python NFKC-normalises identifiers (`ｔｈｒｅａｄｉｎｇ` is `threading`), and a non-ASCII-compatible
  // multibyte encoding could hide the tokens from a byte search: look again at the decoded, normalised text.
  const text = decodeWith(bytes, detectEncoding(bytes)).normalize('NFKC');
  return TOKENS.some((t) => text.includes(t));
}

/** The analysis of a file the pre-filter rules out (no parse needed), or null when it must be parsed. */
export function skipWithoutParsing(bytes: Uint8Array): FileAnalysis | null {
  if (mightContainFinding(bytes)) return null;
  return { findings: [], parseError: null, encoding: detectEncoding(bytes).encoding, parsed: false };
}
