/** Generic facts about Python syntax trees (tree-sitter-python): imports, scopes, binding positions. */
import type { Node } from 'web-tree-sitter';
import type { ScopeInfo, ScopeKind } from './bindings.js';
import { MODULE_SCOPE } from './bindings.js';

/** One name an import statement binds. */
export interface ImportedName {
  /** The local name (`t` in `import threading as t`, `concurrent` in `import concurrent.futures`, `*` for star). */
  local: string;
  /** What the name refers to (`threading`, `concurrent`, `concurrent.futures.ThreadPoolExecutor`, the module for `*`). */
  target: string;
  /** The module the statement loads (`concurrent.futures` for `import concurrent.futures`; the from-module otherwise). */
  module: string;
  /** Node to report at: the dotted name or alias. */
  node: Node;
}

export interface ImportStatement {
  node: Node;
  /** `from . import x` and the like: the package's own modules. */
  relative: boolean;
  /** The from-module (`from M import …`), null for `import …`. */
  from: string | null;
  fromNode: Node | null;
  names: ImportedName[];
}

/**
 * Statements found through their keyword tokens: a regex over the text plus a node lookup per hit costs
 * far less than a query walk over every node of a large tree. Hits in strings and comments are not
 * keyword tokens and drop out.
 */
function statementsByKeyword(root: Node, text: string, keyword: RegExp, types: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  for (let m = keyword.exec(text); m !== null; m = keyword.exec(text)) {
    const token = root.descendantForIndex(m.index, m.index + m[0].length);
    if (token === null || token.isNamed || token.type !== m[0]) continue;
    const stmt = token.parent;
    if (stmt !== null && types.has(stmt.type) && (out.length === 0 || out[out.length - 1]!.id !== stmt.id)) out.push(stmt);
  }
  return out;
}

const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement']);
const PYTHON2_STATEMENTS = new Set(['print_statement', 'exec_statement']);

/** import_statement and import_from_statement nodes in source order. */
export function importStatements(root: Node, text: string): Node[] {
  return statementsByKeyword(root, text, /\bimport\b/g, IMPORT_STATEMENTS);
}

/** `print "x"` and `exec "code"`: accepted by the grammar, syntax errors in Python 3. */
export function python2Statements(root: Node, text: string): Node[] {
  return statementsByKeyword(root, text, /\b(?:print|exec)\b/g, PYTHON2_STATEMENTS);
}

/** Python NFKC-normalises identifiers; skip the work for plain ASCII. */
export function identifierText(node: Node): string {
  const t = node.text;
  return /[^\x00-\x7f]/.test(t) ? t.normalize('NFKC') : t;
}

function dotted(node: Node): string {
  const parts: string[] = [];
  for (const c of node.namedChildren) if (c?.type === 'identifier') parts.push(identifierText(c));
  return parts.join('.');
}

export function readImport(node: Node): ImportStatement {
  const names: ImportedName[] = [];
  if (node.type === 'import_statement') {
    for (const n of node.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const name = n.childForFieldName('name');
        const alias = n.childForFieldName('alias');
        if (!name || !alias) continue;
        const module = dotted(name);
        names.push({ local: identifierText(alias), target: module, module, node: name });
      } else {
        const module = dotted(n);
        names.push({ local: module.split('.')[0]!, target: module.split('.')[0]!, module, node: n });
      }
    }
    return { node, relative: false, from: null, fromNode: null, names };
  }
  const moduleNode = node.childForFieldName('module_name');
  const relative = moduleNode?.type === 'relative_import';
  const from = moduleNode ? (relative ? moduleNode.text : dotted(moduleNode)) : '';
  for (const c of node.namedChildren) {
    if (!c || c.equals(moduleNode!)) continue;
    if (c.type === 'wildcard_import') names.push({ local: '*', target: from, module: from, node: c });
    else if (c.type === 'dotted_name') {
      const n = dotted(c);
      names.push({ local: n, target: `${from}.${n}`, module: from, node: c });
    } else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name');
      const alias = c.childForFieldName('alias');
      if (name && alias) names.push({ local: identifierText(alias), target: `${from}.${dotted(name)}`, module: from, node: name });
    }
  }
  return { node, relative, from, fromNode: moduleNode, names };
}

export interface Enclosing {
  /** Innermost scope first; the module scope is implied. */
  chain: ScopeInfo[];
  /** `<module>`, `Worker.run`, `outer.inner`, `<lambda>`. */
  functionName: string;
  /** True when the code runs at import time (module level or a class body not inside a function). */
  atImport: boolean;
  /** The node sits in an except clause or else/elif branch of its scope: an alternative binding. */
  alternative: boolean;
}

const SCOPE_KIND = new Map<string, ScopeKind>([
  ['function_definition', 'function'],
  ['lambda', 'function'],
  ['class_definition', 'class'],
]);

/**
 * Scopes around `node`. A def/class/lambda encloses the node only through its body: decorators,
 * default values and base classes are evaluated in the surrounding scope.
 */
export function enclosing(node: Node): Enclosing {
  const nodes: Node[] = [];
  let alternative = false;
  let child = node;
  for (let cur = node.parent; cur !== null; child = cur, cur = cur.parent) {
    const t = cur.type;
    if (SCOPE_KIND.has(t)) {
      const body = cur.childForFieldName('body');
      if (body !== null && body.id === child.id) nodes.push(cur);
    } else if (nodes.length === 0 && !alternative) {
      alternative = t === 'except_clause' || t === 'elif_clause' || (t === 'else_clause' && cur.parent?.type === 'if_statement');
    }
  }
  return describeScopes(nodes, alternative);
}

/** Scopes for a node that belongs to `scopeNode` itself (a parameter of a function). */
export function enclosingFrom(scopeNode: Node): Enclosing {
  const outer = enclosing(scopeNode);
  return describeScopes([scopeNode], false, outer);
}

function describeScopes(innerFirst: Node[], alternative: boolean, outer?: Enclosing): Enclosing {
  const base = outer?.chain ?? [];
  const chain: ScopeInfo[] = innerFirst.map((n, i) => ({
    id: n.id,
    kind: SCOPE_KIND.get(n.type)!,
    parent: innerFirst[i + 1]?.id ?? base[0]?.id ?? MODULE_SCOPE,
  }));
  chain.push(...base);
  const names = innerFirst.map((n) => (n.type === 'lambda' ? '<lambda>' : (n.childForFieldName('name')?.text ?? '?'))).reverse();
  if (outer && outer.functionName !== '<module>') names.unshift(outer.functionName);
  const atImport = (outer?.atImport ?? true) && chain.every((s) => s.kind !== 'function');
  return { chain, functionName: names.length === 0 ? '<module>' : names.join('.'), atImport, alternative };
}

export type IdentifierRole =
  | { role: 'use' }
  | { role: 'skip' }
  /** A binding; `scopeNode` set when it binds in that function's own scope (parameters); `end` is where it takes effect. */
  | { role: 'def'; scopeNode: Node | null; end: number };

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'parenthesized_expression']);
const PARAMS = new Set(['parameters', 'lambda_parameters']);
const IMPORT_PARTS = new Set(['dotted_name', 'aliased_import', 'import_statement', 'import_from_statement', 'relative_import']);

function isField(parent: Node, field: string, node: Node): boolean {
  const f = parent.childForFieldName(field);
  return f !== null && f.id === node.id;
}

/** What an identifier occurrence does: binds its name, reads it, or is not a variable at all (attribute name, keyword, import part). */
export function identifierRole(node: Node): IdentifierRole {
  const parent = node.parent;
  if (parent === null) return { role: 'use' };
  const t = parent.type;
  if (IMPORT_PARTS.has(t) || t === 'global_statement' || t === 'nonlocal_statement') return { role: 'skip' };
  if (t === 'attribute') return isField(parent, 'object', node) ? { role: 'use' } : { role: 'skip' };
  if (t === 'keyword_argument') return isField(parent, 'name', node) ? { role: 'skip' } : { role: 'use' };
  if (t === 'function_definition' || t === 'class_definition') {
    return isField(parent, 'name', node) ? { role: 'def', scopeNode: null, end: parent.endIndex } : { role: 'use' };
  }
  // Parameters bind in the function's own scope.
  let p: Node = parent;
  if (t === 'default_parameter' || t === 'typed_default_parameter') {
    if (!isField(parent, 'name', node)) return { role: 'use' };
    p = parent.parent ?? parent;
  } else if (t === 'typed_parameter' || t === 'list_splat_pattern' || t === 'dictionary_splat_pattern') {
    if (parent.parent && PARAMS.has(parent.parent.type)) p = parent.parent;
  }
  if (PARAMS.has(p.type)) return { role: 'def', scopeNode: p.parent, end: node.endIndex };
  if (t === 'named_expression') return isField(parent, 'name', node) ? { role: 'def', scopeNode: null, end: parent.endIndex } : { role: 'use' };
  if (t === 'as_pattern_target') return { role: 'def', scopeNode: null, end: node.endIndex };
  // Assignment and loop targets, possibly inside tuple/list patterns.
  let target: Node = node;
  let up: Node | null = parent;
  while (up !== null && PATTERNS.has(up.type)) {
    target = up;
    up = up.parent;
  }
  if (up === null) return { role: 'use' };
  switch (up.type) {
    case 'assignment':
    case 'augmented_assignment':
      return isField(up, 'left', target) ? { role: 'def', scopeNode: null, end: up.endIndex } : { role: 'use' };
    case 'for_statement':
      return isField(up, 'left', target) ? { role: 'def', scopeNode: null, end: target.endIndex } : { role: 'use' };
    case 'as_pattern_target':
      return { role: 'def', scopeNode: null, end: target.endIndex };
    case 'for_in_clause':
      // Comprehension variables live in the comprehension's own scope.
      return isField(up, 'left', target) ? { role: 'skip' } : { role: 'use' };
    default:
      return { role: 'use' };
  }
}
