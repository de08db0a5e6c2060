/**
 * Rule AP-01 detection on a parsed Python file. Work is proportional to the imports and to the
 * occurrences of names bound to threading-family things, not to the size of the tree: names are
 * found by a text search and only their surroundings are inspected.
 */
import type { Node } from 'web-tree-sitter';
import type { FileFinding, FindingKind, FindingStatus } from '../../core/types.js';
import { createResolver, MODULE_SCOPE, type Binding, type ScopeInfo } from '../../analysis/bindings.js';
import { enclosing, enclosingFrom, identifierRole, readImport, type Enclosing, type ImportedName } from '../../analysis/python.js';
import { commentOn, isCommentLine, SourceLines, stringValue, suppressionIn } from '../../analysis/source.js';
import { AP01 } from './meta.js';
import {
  canonicalName,
  isCallPrimitive,
  isDynamicImporter,
  isRelevantTarget,
  isSubclassPrimitive,
  isThreadingName,
  starExports,
  starNames,
  threadingModuleOf,
} from './primitives.js';

export interface DetectInput {
  text: string;
  root: Node;
  lines: SourceLines;
  /** import_statement and import_from_statement nodes, in source order. */
  imports: readonly Node[];
}

interface Raw {
  kind: FindingKind;
  primitive: string;
  offset: number;
  where: Enclosing;
}

interface Candidate {
  kind: 'call' | 'subclass';
  parts: string[];
  node: Node;
  /** The call, for dynamic imports. */
  call: Node | null;
  where: Enclosing;
}

export function detectAp01(input: DetectInput): FileFinding[] {
  const { text, root, lines } = input;
  const raw: Raw[] = [];
  const bindings: Binding[] = [];
  const scopes = new Map<number, ScopeInfo>();
  const names = new Set<string>();
  const scopeOf = (where: Enclosing): number => {
    for (const s of where.chain) scopes.set(s.id, s);
    return where.chain[0]?.id ?? MODULE_SCOPE;
  };

  for (const node of input.imports) {
    const stmt = readImport(node);
    const where = enclosing(node);
    const scope = scopeOf(where);
    for (const n of stmt.names) {
      // A relative import binds the package's own module: a local name, never the stdlib one.
      bindings.push({ name: n.local, scope, offset: node.endIndex, target: stmt.relative ? null : n.target, alternative: where.alternative });
      if (stmt.relative) continue;
      if (n.local === '*') for (const s of starNames(n.target)) names.add(s);
      else if (isRelevantTarget(n.target)) names.add(n.local);
    }
    if (!stmt.relative) raw.push(...importFindings(stmt.from, stmt.fromNode, stmt.names, where));
  }
  if (text.includes('__import__')) names.add('__import__');

  const candidates: Candidate[] = [];
  if (names.size > 0) {
    const re = new RegExp(`(?<![\\w.])(?:${[...names].map(escapeRegExp).join('|')})(?!\\w)`, 'g');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const node = root.descendantForIndex(start, end);
      if (node === null || node.type !== 'identifier' || node.startIndex !== start || node.endIndex !== end) continue;
      const role = identifierRole(node);
      if (role.role === 'def') {
        const where = role.scopeNode ? enclosingFrom(role.scopeNode) : enclosing(node);
        bindings.push({ name: m[0], scope: scopeOf(where), offset: role.end, target: null, alternative: where.alternative });
      } else if (role.role === 'use') {
        const c = useSite(node, m[0]);
        if (c) {
          scopeOf(c.where);
          candidates.push(c);
        }
      }
    }
  }

  const resolver = createResolver(scopes.values(), bindings, { starExports });
  for (const c of candidates) {
    const q = resolver.resolveDotted(c.parts, scopeOf(c.where), c.node.startIndex);
    if (q === null) continue;
    const canonical = canonicalName(q);
    if (c.kind === 'subclass') {
      if (isSubclassPrimitive(canonical)) raw.push({ kind: 'subclass', primitive: canonical, offset: c.node.startIndex, where: c.where });
    } else if (isCallPrimitive(canonical)) {
      raw.push({ kind: 'call', primitive: canonical, offset: c.node.startIndex, where: c.where });
    } else if (isDynamicImporter(q) && c.call) {
      const module = literalModule(c.call);
      const family = module === null ? null : threadingModuleOf(module);
      if (family) raw.push({ kind: 'dynamic-import', primitive: family, offset: c.node.startIndex, where: c.where });
    }
  }
  return toFindings(raw, root, lines);
}

function importFindings(from: string | null, fromNode: Node | null, names: readonly ImportedName[], where: Enclosing): Raw[] {
  const out: Raw[] = [];
  const add = (primitive: string, node: Node): void => {
    out.push({ kind: 'import', primitive, offset: node.startIndex, where });
  };
  const fromFamily = from === null ? null : threadingModuleOf(from);
  if (fromFamily !== null && fromNode !== null) {
    add(fromFamily, fromNode);
    return out;
  }
  for (const n of names) {
    if (from === null) {
      const family = threadingModuleOf(n.module);
      if (family) add(family, n.node);
    } else if (n.local === '*') {
      for (const s of starNames(from)) {
        const c = canonicalName(`${from}.${s}`);
        if (isThreadingName(c)) add(c, n.node);
      }
    } else {
      // `from multiprocessing import dummy` binds a threading module; `from concurrent.futures import ThreadPoolExecutor` a name.
      const family = threadingModuleOf(n.target);
      const c = canonicalName(n.target);
      if (family) add(family, n.node);
      else if (isThreadingName(c)) add(c, n.node);
    }
  }
  return out;
}

/** For a name read at `node`: the dotted chain it heads, if that chain is called or used as a base class. */
function useSite(node: Node, name: string): Candidate | null {
  const parts = [name];
  let top = node;
  for (let p = top.parent; p !== null && p.type === 'attribute'; p = p.parent) {
    const obj = p.childForFieldName('object');
    const attr = p.childForFieldName('attribute');
    if (obj === null || attr === null || obj.id !== top.id) break;
    parts.push(attr.text);
    top = p;
  }
  const parent = top.parent;
  if (parent === null) return null;
  if (parent.type === 'call') {
    const fn = parent.childForFieldName('function');
    if (fn === null || fn.id !== top.id) return null;
    return { kind: 'call', parts, node, call: parent, where: enclosing(node) };
  }
  if (parent.type === 'argument_list' && parent.parent?.type === 'class_definition') {
    const bases = parent.parent.childForFieldName('superclasses');
    if (bases === null || bases.id !== parent.id) return null;
    return { kind: 'subclass', parts, node, call: null, where: enclosing(node) };
  }
  return null;
}

/** The module a dynamic import names with a literal: first positional argument or `name=`. */
function literalModule(call: Node): string | null {
  const args = call.childForFieldName('arguments');
  if (args === null) return null;
  let arg = args.firstNamedChild;
  if (arg?.type === 'keyword_argument') {
    arg = null;
    for (const a of args.namedChildren) if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'name') arg = a.childForFieldName('value');
  }
  const value = arg ? stringValue(arg) : null;
  // `import_module(".queue", package)` is the package's own module.
  return value === null || value.startsWith('.') ? null : value;
}

function toFindings(raw: Raw[], root: Node, lines: SourceLines): FileFinding[] {
  raw.sort((a, b) => a.offset - b.offset);
  const statusByLine = new Map<number, { status: FindingStatus; reason: string | null }>();
  const seen = new Set<string>();
  const out: FileFinding[] = [];
  for (const r of raw) {
    const key = `${r.offset}\u0000${r.kind}\u0000${r.primitive}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const line = lines.lineOf(r.offset);
    let status = statusByLine.get(line);
    if (!status) statusByLine.set(line, (status = statusAt(root, lines, line)));
    out.push({
      kind: r.kind,
      primitive: r.primitive,
      line,
      column: lines.column(r.offset),
      function: r.where.functionName,
      scope: r.where.atImport ? 'module' : 'function',
      snippet: lines.lineText(line).trim().slice(0, 200),
      status: status.status,
      reason: status.reason,
    });
  }
  return out;
}

const TECH_DEBT = /tech[ -]?debt\b\s*:?\s*([^#]*)/i;

/**
 * `# lambda-audit: ignore[AP-01] reason` on the line or the one above suppresses. The policy's legacy
 * exception, a `# Tech debt: …` comment on the line or in the comment block right above, acknowledges.
 */
function statusAt(root: Node, lines: SourceLines, line: number): { status: FindingStatus; reason: string | null } {
  const own = commentOn(root, lines, line);
  // A trailing comment belongs to its own line's code; only a comment-only line above applies to the next line.
  const above = line > 1 && isCommentLine(root, lines, line - 1) ? commentOn(root, lines, line - 1) : null;
  for (const c of [own, above]) {
    const reason = c === null ? null : suppressionIn(c, AP01.id);
    if (reason !== null) return { status: 'suppressed', reason: reason || null };
  }
  const block: string[] = own === null ? [] : [own];
  for (let l = line - 1; l >= 1 && isCommentLine(root, lines, l); l--) block.push(commentOn(root, lines, l)!);
  for (const c of block) {
    const m = TECH_DEBT.exec(c);
    if (m) return { status: 'acknowledged', reason: m[1]!.trim() || null };
  }
  return { status: 'open', reason: null };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
