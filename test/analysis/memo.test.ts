import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalysisPool } from '../../src/analysis/pool.js';
import { withContentMemo } from '../../src/analysis/memo.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('identical contents are analysed once; distinct contents are not confused; least recent entries are evicted', async () => {
  const inner = await createAnalysisPool(1);
  const pool = withContentMemo(inner, 2);
  try {
    const a = enc('import threading\nlock = threading.Lock()\n');
    const b = enc('import queue\nq = queue.Queue()\n');
    const c = enc('import _thread\n_thread.allocate_lock()\n');
    const first = await pool.analyze('pkg1/vendor/x.py', a);
    const again = await pool.analyze('pkg2/vendor/x.py', a.slice());
    assert.equal(pool.hits, 1);
    assert.equal(again, first, 'same content, same analysis');
    assert.deepEqual(first.findings.map((f) => f.primitive), ['threading', 'threading.Lock']);
    const other = await pool.analyze('y.py', b);
    assert.deepEqual(other.findings.map((f) => f.primitive), ['queue', 'queue.Queue']);
    assert.equal(pool.hits, 1, 'different bytes are analysed on their own');
    await pool.analyze('z.py', c); // evicts `a`, the least recently used
    await pool.analyze('x.py', a);
    assert.equal(pool.hits, 1, 'an evicted content is analysed again');
    await pool.analyze('z2.py', c);
    assert.equal(pool.hits, 2);
  } finally {
    await pool.close();
  }
});

test('a zip entry seen before is neither inflated nor parsed again, and gives the same findings', async () => {
  const { openZip } = await import('../../src/archive/index.js');
  const { analyzePackage } = await import('../../src/scan/analyze-package.js');
  const { createEntryMemo } = await import('../../src/analysis/memo.js');
  const { buildZip } = await import('../helpers/zip.js');
  const vendored = 'import threading\n\nclass Pool:\n    def __init__(self):\n        self.lock = threading.RLock()\n';
  const zipA = buildZip({ 'app.py': 'x = 1\n', 'vendor/lib/pool.py': vendored, 'docs.py': '"""no tokens"""\n' });
  const zipB = buildZip({ 'handler.py': 'import queue\nq = queue.Queue()\n', 'vendor/lib/pool.py': vendored, 'docs.py': '"""no tokens"""\n' });
  const pool = await createAnalysisPool(1);
  const memo = createEntryMemo();
  try {
    const opts = { handler: null, isLayer: false, ownPaths: [], vendoredPaths: [], pool, memo };
    const a = await analyzePackage(openZip(zipA, 'a.zip'), opts);
    const pkgB = openZip(zipB, 'b.zip');
    const reads: string[] = [];
    for (const e of pkgB.entries) {
      const read = e.read.bind(e);
      e.read = () => (reads.push(e.path), read());
    }
    const b = await analyzePackage(pkgB, opts);
    assert.deepEqual(reads.sort(), ['handler.py'], 'only the new content is inflated');
    assert.deepEqual(b.files.find((f) => f.file === 'vendor/lib/pool.py'), a.files.find((f) => f.file === 'vendor/lib/pool.py'));
    assert.equal(b.files.find((f) => f.file === 'vendor/lib/pool.py')?.origin, 'vendored');
    assert.deepEqual(b.files.find((f) => f.file === 'handler.py')?.findings.map((f) => f.primitive), ['queue', 'queue.Queue']);
    assert.equal(b.sourceFiles, 3);
    const fresh = await analyzePackage(openZip(zipB, 'b.zip'), { ...opts, memo: undefined });
    assert.deepEqual(b, fresh, 'memoised and fresh analyses are identical');
  } finally {
    await pool.close();
  }
});
