import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResolver, MODULE_SCOPE, type Binding, type ScopeInfo } from '../../src/analysis/bindings.js';

const FN = 1;
const INNER = 2;
const CLS = 3;
const METHOD = 4;
const scopes: ScopeInfo[] = [
  { id: FN, kind: 'function', parent: MODULE_SCOPE },
  { id: INNER, kind: 'function', parent: FN },
  { id: CLS, kind: 'class', parent: MODULE_SCOPE },
  { id: METHOD, kind: 'function', parent: CLS },
];
const imp = (name: string, target: string, offset: number, scope = MODULE_SCOPE, alternative = false): Binding => ({ name, target, offset, scope, alternative });
const def = (name: string, offset: number, scope = MODULE_SCOPE, alternative = false): Binding => ({ name, target: null, offset, scope, alternative });

describe('createResolver (pure binding resolution)', () => {
  it('follows aliases and dotted access', () => {
    const r = createResolver(scopes, [imp('t', 'threading', 0), imp('cf', 'concurrent.futures', 1), imp('futures', 'concurrent.futures', 2)]);
    assert.equal(r.resolveDotted(['t', 'Lock'], MODULE_SCOPE, 10), 'threading.Lock');
    assert.equal(r.resolveDotted(['cf', 'ThreadPoolExecutor'], MODULE_SCOPE, 10), 'concurrent.futures.ThreadPoolExecutor');
    assert.equal(r.resolveDotted(['futures', 'ThreadPoolExecutor'], FN, 10), 'concurrent.futures.ThreadPoolExecutor');
  });

  it('unbound names are builtins', () => {
    const r = createResolver(scopes, []);
    assert.equal(r.resolve('__import__', INNER, 5), 'builtins.__import__');
    assert.equal(r.resolveDotted([], MODULE_SCOPE, 0), null);
  });

  it('module scope is sequential: a later definition shadows, the right-hand side still sees the import', () => {
    const r = createResolver(scopes, [imp('threading', 'threading', 0), def('threading', 50)]);
    assert.equal(r.resolve('threading', MODULE_SCOPE, 40), 'threading');
    assert.equal(r.resolve('threading', MODULE_SCOPE, 60), null);
  });

  it('functions see the final state of the module, and local bindings anywhere in their body', () => {
    const r = createResolver(scopes, [imp('queue', 'queue', 100), def('q', 5, FN), imp('Lock', 'threading.Lock', 30, FN)]);
    assert.equal(r.resolve('queue', FN, 10), 'queue');
    assert.equal(r.resolve('Lock', FN, 40), 'threading.Lock');
    // Bound only later in the function (a loop): local, so not the module's.
    const shadow = createResolver(scopes, [imp('queue', 'queue', 0), def('queue', 80, FN)]);
    assert.equal(shadow.resolve('queue', FN, 40), null);
  });

  it('nested functions see enclosing functions; methods do not see the class body', () => {
    const r = createResolver(scopes, [imp('threading', 'threading', 10, FN), imp('queue', 'queue', 10, CLS)]);
    assert.equal(r.resolve('threading', INNER, 50), 'threading');
    assert.equal(r.resolve('queue', CLS, 50), 'queue');
    assert.equal(r.resolve('queue', METHOD, 50), 'builtins.queue');
  });

  it('alternative branches: a fallback import wins, a fallback placeholder does not hide the import', () => {
    const fallbackImport = createResolver(scopes, [imp('threading', 'threading', 0), imp('threading', 'dummy_threading', 10, MODULE_SCOPE, true)]);
    assert.equal(fallbackImport.resolve('threading', MODULE_SCOPE, 20), 'dummy_threading');
    const placeholder = createResolver(scopes, [imp('Lock', 'threading.Lock', 0), def('Lock', 10, MODULE_SCOPE, true)]);
    assert.equal(placeholder.resolve('Lock', MODULE_SCOPE, 20), 'threading.Lock');
    const plain = createResolver(scopes, [imp('Lock', 'threading.Lock', 0), def('Lock', 10)]);
    assert.equal(plain.resolve('Lock', MODULE_SCOPE, 20), null);
  });

  it('star imports bind only what the module exports, and only after the import', () => {
    const exportsLock = (m: string, n: string) => m === 'threading' && n === 'Lock';
    const r = createResolver(scopes, [imp('*', 'threading', 10)], { starExports: exportsLock });
    assert.equal(r.resolve('Lock', MODULE_SCOPE, 20), 'threading.Lock');
    assert.equal(r.resolve('Lock', MODULE_SCOPE, 5), 'builtins.Lock');
    assert.equal(r.resolve('Widget', MODULE_SCOPE, 20), 'builtins.Widget');
    const redefined = createResolver(scopes, [imp('*', 'threading', 10), def('Lock', 15)], { starExports: exportsLock });
    assert.equal(redefined.resolve('Lock', MODULE_SCOPE, 20), null);
  });

  it('does not depend on the order bindings are given in', () => {
    const list = [imp('threading', 'threading', 0), def('threading', 50), imp('threading', 'dummy_threading', 70)];
    const a = createResolver(scopes, list);
    const b = createResolver(scopes, [...list].reverse());
    for (const at of [10, 60, 80]) assert.equal(a.resolve('threading', MODULE_SCOPE, at), b.resolve('threading', MODULE_SCOPE, at));
    assert.equal(a.resolve('threading', MODULE_SCOPE, 80), 'dummy_threading');
  });
});
