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
