/**
 * Name resolution over a file's bindings, as a pure function of plain data (no tree-sitter), so it can be
 * tested on its own. It approximates Python's rules closely enough for alias tracking:
 *  - function scopes are static: a name bound anywhere in a function is local to all of it;
 *  - module and class scopes are sequential: the latest binding before the use wins;
 *  - nested functions see enclosing functions and the module, never class bodies;
 *  - an enclosing scope is seen in its final state (its functions run after it has executed);
 *  - a plain binding in an alternative branch (`except ImportError: threading = None`) does not hide
 *    the import it stands in for; an alternative import (`import dummy_threading as threading`) does.
 */

export type ScopeKind = 'module' | 'class' | 'function';

export interface ScopeInfo {
  id: number;
  kind: ScopeKind;
  /** null only for the module scope. */
  parent: number | null;
}

export interface Binding {
  /** Local name bound, or `*` for a star import. */
  name: string;
  scope: number;
  /** Position the binding takes effect (after its right-hand side). */
  offset: number;
  /** Qualified name for imports (`threading`, `concurrent.futures.ThreadPoolExecutor`); null for any other definition. */
  target: string | null;
  /** Bound in an except/else branch that stands in for an earlier binding. */
  alternative?: boolean;
}

export interface Resolver {
  /** The qualified name `name` refers to at `offset` in `scope`: an import target, `builtins.<name>` when unbound, null when locally defined. */
  resolve(name: string, scope: number, offset: number): string | null;
  /** Resolves the first part and appends the rest: `['cf', 'ThreadPoolExecutor']` → `concurrent.futures.ThreadPoolExecutor`. */
  resolveDotted(parts: readonly string[], scope: number, offset: number): string | null;
}

export interface ResolverOptions {
  /** Whether a star import of `module` binds `name`; by default every name. */
  starExports?: (module: string, name: string) => boolean;
}

export const MODULE_SCOPE = 0;

export function createResolver(scopes: Iterable<ScopeInfo>, bindings: readonly Binding[], options: ResolverOptions = {}): Resolver {
  const starExports = options.starExports ?? (() => true);
  const scopeById = new Map<number, ScopeInfo>([[MODULE_SCOPE, { id: MODULE_SCOPE, kind: 'module', parent: null }]]);
  for (const s of scopes) scopeById.set(s.id, s);
  // scope id → name → bindings in offset order; stars are kept under '*'.
  const table = new Map<number, Map<string, Binding[]>>();
  for (const b of [...bindings].sort((x, y) => x.offset - y.offset)) {
    let names = table.get(b.scope);
    if (!names) table.set(b.scope, (names = new Map()));
    let list = names.get(b.name);
    if (!list) names.set(b.name, (list = []));
    list.push(b);
  }

  /** undefined: the scope does not bind the name; null: bound locally; string: import target. */
  function lookIn(scope: ScopeInfo, name: string, offset: number, own: boolean): string | null | undefined {
    const names = table.get(scope.id);
    if (!names) return undefined;
    const direct = names.get(name) ?? [];
    if (scope.kind === 'function') {
      if (direct.length === 0) return undefined;
      const before = own ? direct.filter((b) => b.offset <= offset) : direct;
      // Bound only later in the function (e.g. in a loop body): still local.
      return latest(before.length > 0 ? before : direct, name);
    }
    const stars = (names.get('*') ?? []).filter((b) => b.target !== null && starExports(b.target, name));
    const all = stars.length === 0 ? direct : [...direct, ...stars].sort((x, y) => x.offset - y.offset);
    const visible = own ? all.filter((b) => b.offset <= offset) : all;
    return visible.length === 0 ? undefined : latest(visible, name);
  }

  function latest(list: readonly Binding[], name: string): string | null {
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (b.target !== null) return b.name === '*' ? `${b.target}.${name}` : b.target;
      if (!b.alternative) return null;
    }
    return null;
  }

  function resolve(name: string, scopeId: number, offset: number): string | null {
    let scope = scopeById.get(scopeId) ?? scopeById.get(MODULE_SCOPE)!;
    let own = true;
    for (;;) {
      if (own || scope.kind !== 'class') {
        const r = lookIn(scope, name, offset, own);
        if (r !== undefined) return r;
      }
      if (scope.parent === null) return `builtins.${name}`;
      scope = scopeById.get(scope.parent) ?? scopeById.get(MODULE_SCOPE)!;
      own = false;
    }
  }

  return {
    resolve,
    resolveDotted(parts, scope, offset) {
      const [head, ...rest] = parts;
      if (head === undefined) return null;
      const base = resolve(head, scope, offset);
      return base === null ? null : rest.length === 0 ? base : `${base}.${rest.join('.')}`;
    },
  };
}
