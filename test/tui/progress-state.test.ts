import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeRates,
  downloadedBytes,
  errorCount,
  formatDuration,
  initialProgressState,
  progressReducer,
  type ProgressState,
} from '../../src/tui/progress-state.js';
import { fleetEvents } from './events.js';
import { makeTarget } from './fixtures.js';

function run(events = fleetEvents()): ProgressState {
  return events.reduce(progressReducer, initialProgressState('local'));
}

test('progressReducer follows a fleet run: phases, accounts, regions, counters', () => {
  const s = run();
  assert.equal(s.mode, 'fleet');
  assert.equal(s.startedAt, Date.parse('2025-01-01T00:00:00.000Z'));
  assert.equal(s.phase, 'analyse');
  assert.deepEqual(s.phasesSeen, ['accounts', 'regions', 'functions', 'download', 'analyse']);
  assert.equal(s.planned, 12);
  assert.equal(s.done, 12);
  assert.equal(s.scanned, 10);
  assert.equal(s.skipped, 1);
  assert.equal(s.targetErrors, 1);
  assert.equal(errorCount(s), 1);
  assert.match(s.lastError ?? '', /fn4: AccessDenied/);
  assert.equal(downloadedBytes(s), 12 * 1_048_576);
  assert.equal(s.inFlight.size, 0, 'finished downloads leave the in-flight map');
  assert.equal(s.retries, 1);
  assert.equal(s.throttled, 1);
  assert.deepEqual(s.lastRetry, { operation: 'GetFunction', reason: 'throttled', attempt: 2, where: '111122223333/eu-west-1' });
  const prod = s.accounts.get('111122223333')!;
  assert.equal(prod.name, 'prod', 'a later event without a name keeps the name');
  assert.equal(prod.state, 'done');
  assert.equal(prod.regionsTotal, 2);
  assert.deepEqual(prod.regions, { 'eu-west-1': 'done', 'us-east-1': 'done' });
  assert.equal(prod.functions, 6);
  assert.equal(prod.targetsDone, 6);
  assert.equal(prod.errors, 1);
});

test('progressReducer is pure: the input state is never changed', () => {
  const events = fleetEvents();
  const before = run(events.slice(0, 30));
  const snapshot = JSON.stringify({ ...before, accounts: [...before.accounts], inFlight: [...before.inFlight] });
  const after = events.slice(30).reduce(progressReducer, before);
  assert.notEqual(after, before);
  assert.equal(JSON.stringify({ ...before, accounts: [...before.accounts], inFlight: [...before.inFlight] }), snapshot);
});

test('progressReducer counts download bytes in flight, cumulative per target', () => {
  let s = initialProgressState('fleet');
  s = progressReducer(s, { type: 'download', id: 'a', bytes: 100, totalBytes: 300 });
  s = progressReducer(s, { type: 'download', id: 'a', bytes: 250, totalBytes: 300 });
  s = progressReducer(s, { type: 'download', id: 'b', bytes: 50, totalBytes: null });
  assert.equal(downloadedBytes(s), 300);
  s = progressReducer(s, { type: 'target-done', target: makeTarget({ id: 'a' }), findings: 0, ownOpen: 0 });
  assert.equal(downloadedBytes(s), 300);
  assert.equal(s.bytesFinished, 250);
});

test('progressReducer: account/region error events, interrupted and done', () => {
  let s = initialProgressState('fleet');
  s = progressReducer(s, { type: 'error', error: { target: 'region:111122223333/eu-west-1', code: 'AccessDenied', message: 'no role' } });
  assert.equal(errorCount(s), 1);
  assert.equal(s.accounts.get('111122223333')?.errors, 1);
  s = progressReducer(s, { type: 'interrupted' });
  assert.equal(s.interrupted, true);
  assert.equal(s.finished, false);
  s = progressReducer(s, {
    type: 'done',
    summary: {
      targets: { total: 0, scanned: 0, skipped: 0, error: 0 },
      findings: { total: 0, own: 0, vendored: 0, open: 0, acknowledged: 0, suppressed: 0, ownOpen: 0 },
      complete: false,
      completeness: 1,
      interrupted: true,
    },
  });
  assert.equal(s.finished, true);
  assert.equal(s.summary?.interrupted, true);
});

test('planned never drops below done while the total is still growing', () => {
  let s = progressReducer(initialProgressState('local'), { type: 'planned', total: 1 });
  for (const id of ['a', 'b', 'c']) s = progressReducer(s, { type: 'target-done', target: makeTarget({ id, kind: 'archive' }), findings: 0, ownOpen: 0 });
  assert.equal(s.done, 3);
  assert.equal(s.planned, 3);
});

test('computeRates over a sliding window, with ETA', () => {
  const samples = [
    { at: 0, done: 0, bytes: 0 },
    { at: 10_000, done: 100, bytes: 10_000_000 },
    { at: 20_000, done: 300, bytes: 30_000_000 },
  ];
  const r = computeRates(samples, 200, 10_000);
  assert.equal(r.targetsPerSec, 20);
  assert.equal(r.bytesPerSec, 2_000_000);
  assert.equal(r.etaSec, 10);
  assert.deepEqual(computeRates([], 5), { targetsPerSec: 0, bytesPerSec: 0, etaSec: null });
  assert.equal(computeRates([{ at: 0, done: 0, bytes: 0 }, { at: 1000, done: 0, bytes: 0 }], 5).etaSec, null);
});

test('formatDuration', () => {
  assert.equal(formatDuration(42), '42s');
  assert.equal(formatDuration(92), '1m32s');
  assert.equal(formatDuration(3725), '1h02m');
});

test('reducer handles 50,000 events quickly (no quadratic copying)', () => {
  const t0 = performance.now();
  let s = initialProgressState('fleet');
  for (let a = 0; a < 200; a++) s = progressReducer(s, { type: 'account', account: `acct${a}`, name: null, state: 'started', regions: 17 });
  for (let i = 0; i < 50_000; i++) {
    const account = `acct${i % 200}`;
    s = progressReducer(s, { type: 'target-done', target: makeTarget({ id: `t${i}`, account }), findings: 0, ownOpen: 0 });
  }
  const ms = performance.now() - t0;
  assert.equal(s.done, 50_000);
  assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
});
