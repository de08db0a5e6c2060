import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAnalyzer } from '../../src/analysis/index.js';
import { createAnalysisPool } from '../../src/analysis/pool.js';
import { AnalysisError } from '../../src/core/errors.js';
import { loadFixtures } from './fixtures.js';

describe('analysis pool', () => {
  it('pool of 2 workers gives the same results as the in-thread analyzer over all fixtures', async () => {
    const fixtures = loadFixtures();
    const analyzer = await createAnalyzer();
    const expected = fixtures.map((f) => analyzer.analyze(f.name, f.bytes));
    analyzer.dispose();

    const pool = await createAnalysisPool(2);
    try {
      assert.equal(pool.size, 2);
      const actual = await Promise.all(fixtures.map((f) => pool.analyze(f.name, f.bytes)));
      assert.deepEqual(actual, expected);
      assert.ok(actual.some((r) => r.findings.length > 0));
      // The caller's bytes are copied, not transferred away.
      assert.ok(fixtures.every((f) => f.bytes.byteLength > 0));
    } finally {
      await pool.close();
    }
    await assert.rejects(pool.analyze('x.py', Buffer.from('import threading\n')), AnalysisError);
  });

  it('size 1 runs in-thread with the same results', async () => {
    const pool = await createAnalysisPool(1);
    try {
      assert.equal(pool.size, 1);
      const r = await pool.analyze('x.py', Buffer.from('import queue\nq = queue.Queue()\n'));
      assert.deepEqual(
        r.findings.map((f) => `${f.line} ${f.kind} ${f.primitive}`),
        ['1 import queue', '2 call queue.Queue'],
      );
    } finally {
      await pool.close();
    }
  });
});
