/** Source-text helpers: line/column mapping, comments on a line, syntax problems, string literal values. */
import type { Node } from 'web-tree-sitter';
import type { ParseProblem } from '../core/types.js';

/** Lines as Python counts them (`\r\n`, `\r` or `\n`); built lazily because most files have no findings. */
export class SourceLines {
  private starts: number[] | null = null;
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts === null) {
      const starts = [0];
      const re = /\r\n?|\n/g;
      for (let m = re.exec(this.text); m !== null; m = re.exec(this.text)) starts.push(m.index + m[0].length);
      this.starts = starts;
    }
    return this.starts;
  }

  get count(): number {
    return this.lineStarts().length;
  }

  /** 1-based line of a string offset. */
  lineOf(offset: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  start(line: number): number {
    return this.lineStarts()[line - 1] ?? this.text.length;
  }

  /** Line text without its terminator. */
  lineText(line: number): string {
    const s = this.lineStarts();
    const from = s[line - 1];
    if (from === undefined) return '';
    const to = s[line] ?? this.text.length;
    return this.text.slice(from, to).replace(/\r?\n$|\r$/, '');
  }

  /** 1-based column in characters (code points) of the offset within its line. */
  column(offset: number): number {
    const prefix = this.text.slice(this.start(this.lineOf(offset)), offset);
    return (/[\uD800-\uDFFF]/.test(prefix) ? Array.from(prefix).length : prefix.length) + 1;
  }
}

/**
 * The comment token on `line` (its text after `#`), or null. A `#` inside a string is not a comment,
 * so each candidate is checked against the tree.
 */
export function commentOn(root: Node, lines: SourceLines, line: number): string | null {
  const text = lines.lineText(line);
  const base = lines.start(line);
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) {
    const n = root.descendantForIndex(base + i, base + i + 1);
    if (n?.type === 'comment' && n.startIndex === base + i) return text.slice(i + 1);
  }
  return null;
}

/** True when `line` holds nothing but a comment. */
export function isCommentLine(root: Node, lines: SourceLines, line: number): boolean {
  return /^[ \t\f]*#/.test(lines.lineText(line)) && commentOn(root, lines, line) !== null;
}

/** `lambda-audit: ignore[RULE] reason` in a comment: the reason ('' when none), else null. */
export function suppressionIn(comment: string, ruleId: string): string | null {
  // The reason ends where another comment marker starts (`# noqa`, …).
  const m = /lambda-audit:\s*ignore\[([^\]]*)\]\s*([^#]*)/i.exec(comment);
  if (!m) return null;
  const rules = m[1]!.split(',').map((r) => r.trim().toUpperCase());
  return rules.includes(ruleId.toUpperCase()) ? m[2]!.trim() : null;
}

/** The first syntax problem: an ERROR/MISSING node, or a Python 2-only statement (valid to tree-sitter, not to Python 3). */
export function firstSyntaxProblem(root: Node, lines: SourceLines, python2: readonly Node[]): ParseProblem | null {
  let found: { offset: number; message: string } | null = null;
  if (root.hasError) {
    let n: Node = root;
    descend: while (!n.isError && !n.isMissing) {
      for (const c of n.children) {
        if (c && (c.hasError || c.isMissing)) {
          n = c;
          continue descend;
        }
      }
      break;
    }
    const message = n.isMissing
      ? `syntax error: missing ${JSON.stringify(n.type)}`
      : `syntax error near ${JSON.stringify(n.text.split(/\r?\n|\r/)[0]!.slice(0, 40))}`;
    found = { offset: n.startIndex, message };
  }
  const py2 = python2[0];
  if (py2 && (found === null || py2.startIndex < found.offset)) {
    found = { offset: py2.startIndex, message: `Python 2 syntax: ${py2.type.replace('_', ' ')}` };
  }
  return found === null ? null : { line: lines.lineOf(found.offset), message: found.message };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '', '\r': '',
};

/** The value of a str literal (also implicitly concatenated, or an f-string without fields); null for bytes and anything else. */
export function stringValue(node: Node): string | null {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const c of node.namedChildren) {
      const v = c ? stringValue(c) : null;
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  return node.type === 'string' ? literalValue(node.text) : null;
}

export function literalValue(literal: string): string | null {
  const m = /^([rRuUfFbB]*)('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!m) return null;
  const prefix = m[1]!.toLowerCase();
  const body = m[3]!;
  if (prefix.includes('b') || (prefix.includes('f') && /[{}]/.test(body))) return null;
  if (prefix.includes('r')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      if (e === '\r' && body[i + 1] === '\n') i++;
      continue;
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = body.slice(i + 1, i + 1 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return null;
      out += String.fromCodePoint(parseInt(digits, 16));
      i += hex;
    } else if (/[0-7]/.test(e)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else if (e === 'N') {
      return null;
    } else {
      out += `\\${e}`;
    }
  }
  return out;
}
