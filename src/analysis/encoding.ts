/** PEP 263 source decoding: BOM, coding cookie in line 1 or 2, otherwise UTF-8. Never throws. */

export interface SourceEncoding {
  /** Name reported in FileAnalysis.encoding. */
  encoding: string;
  /** `latin1` is decoded by Buffer (true ISO-8859-1); anything else is a TextDecoder label. */
  decoder: 'latin1' | string;
  /** Bytes to skip before decoding (a UTF-8 BOM). */
  skip: number;
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python codec spellings → how to decode them. WHATWG maps "latin1" to windows-1252, so true Latin-1 goes through Buffer. */
const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'iso-ir-100', 'cp819', 'ibm819', 'latin']);
const PY_ALIASES: Record<string, string> = { 'utf8': 'utf-8', 'utf-8-sig': 'utf-8', 'u8': 'utf-8', 'utf': 'utf-8', 'cp65001': 'utf-8' };

const UTF8: SourceEncoding = { encoding: 'utf-8', decoder: 'utf-8', skip: 0 };
const decoders = new Map<string, TextDecoder>();

function decoderFor(label: string): TextDecoder | null {
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label);
    } catch {
      return null;
    }
    decoders.set(label, d);
  }
  return d;
}

/** Only the first two lines are looked at, so this is cheap enough to run on files the pre-filter skips. */
export function detectEncoding(bytes: Uint8Array): SourceEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8-sig', decoder: 'utf-8', skip: 3 };
  let start = 0;
  for (let line = 0; line < 2 && start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, 400)).toString('latin1');
    const m = COOKIE.exec(text);
    if (m) return fromCookie(m[1]!);
    // PEP 263: the cookie may be on line 2 only when line 1 is a comment or blank.
    if (!/^[ \t\f]*(#.*)?\r?$/.test(text)) break;
    start = end + 1;
  }
  return UTF8;
}

function fromCookie(raw: string): SourceEncoding {
  const name = raw.toLowerCase().replace(/_/g, '-');
  if (LATIN1.has(name)) return { encoding: 'latin-1', decoder: 'latin1', skip: 0 };
  const label = PY_ALIASES[name] ?? name;
  const d = decoderFor(label);
  if (d === null) return { encoding: `utf-8 (unknown cookie ${raw})`, decoder: 'utf-8', skip: 0 };
  return { encoding: d.encoding, decoder: d.encoding, skip: 0 };
}

// Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters; map them itself.
const CP1252_C1 = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

export function decodeWith(bytes: Uint8Array, enc: SourceEncoding): string {
  const body = enc.skip === 0 ? bytes : bytes.subarray(enc.skip);
  if (enc.decoder === 'latin1' || enc.decoder === 'windows-1252') {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
    return enc.decoder === 'latin1' ? text : text.replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
  }
  // TextDecoder is non-fatal: invalid sequences become U+FFFD instead of throwing.
  return (decoderFor(enc.decoder) ?? decoderFor('utf-8')!).decode(body);
}

export function decodePython(bytes: Uint8Array): { text: string; encoding: string } {
  const enc = detectEncoding(bytes);
  return { text: decodeWith(bytes, enc), encoding: enc.encoding };
}
