import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createElement as h } from 'react';
import { render } from 'ink-testing-library';
import { ProgressView, visibleAccounts } from '../../src/tui/progress-view.js';
import { ProgressStore, startProgressUi } from '../../src/tui/progress.js';
import { initialProgressState, progressReducer } from '../../src/tui/progress-state.js';
import type { AuditEvent } from '../../src/core/events.js';
import { fleetEvents } from './events.js';
import { makeTarget } from './fixtures.js';

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

function frameOf(events: AuditEvent[], now: number, rows = 24, mode: 'local' | 'fleet' = 'fleet') {
  const state = events.reduce(progressReducer, initialProgressState(mode));
  const rates = { targetsPerSec: 2.5, bytesPerSec: 3 * 1_048_576, etaSec: 92 };
  const r = render(h(ProgressView, { snapshot: { state, rates, now }, columns: 80, rows, color: false }));
  const frame = r.lastFrame() ?? '';
  r.unmount();
  return frame;
}

test('progress view shows phases, the bar numbers, throughput, errors/retries and account rows', () => {
  const events = fleetEvents();
  const mid = events.slice(0, events.findIndex((e) => e.type === 'target-done' && e.target.id.endsWith('fn7')) + 1);
  const frame = frameOf(mid, Date.parse('2025-01-01T00:01:05Z'));
  const lines = frame.split('\n');
  assert.match(lines[0]!, /fleet audit · elapsed 1m05s/);
  assert.match(frame, /✓ accounts › ✓ regions › ✓ functions › ● download › ○ analyse/);
  assert.match(frame, /8\/12\s+66%/);
  assert.match(frame, /8\.0 MB downloaded · 2\.5 targets\/s · 3\.0 MB\/s · ETA 1m32s/);
  assert.match(frame, /errors 1 · skipped 1 · last error: fn4: AccessDenied/);
  assert.match(frame, /retries 1 \(1 throttled\) · last: GetFunction throttled #2 111122223333\/eu-west-1/);
  assert.match(frame, /accounts 1\/2 finished/);
  assert.match(frame, /✓ 111122223333 prod\s+regions 2\/2\s+targets 6\/6\s+errors 1/);
  assert.match(frame, /▸ 444455556666 staging\s+regions 0\/2\s+targets 2\/6/);
  for (const line of lines) assert.ok(line.length <= 80, `line too long: ${line}`);
});

test('progress view: local mode shows only the analyse phase and no account rows', () => {
  const frame = frameOf(
    [
      { type: 'start', mode: 'local', at: '2025-01-01T00:00:00Z' },
      { type: 'phase', phase: 'analyse' },
      { type: 'planned', total: 4 },
      { type: 'target-done', target: makeTarget({ id: './a.zip', kind: 'archive' }), findings: 2, ownOpen: 1 },
    ],
    Date.parse('2025-01-01T00:00:03Z'),
    24,
    'local',
  );
  assert.match(frame, /● analyse/);
  assert.doesNotMatch(frame, /accounts|regions/);
  assert.match(frame, /1\/4\s+25%/);
});

test('progress view caps account rows with "+K more" to stay below 24 rows', () => {
  const events: AuditEvent[] = [{ type: 'start', mode: 'fleet', at: '2025-01-01T00:00:00Z' }];
  for (let a = 0; a < 60; a++) events.push({ type: 'account', account: String(100000000000 + a), name: `acct-${a}`, state: a < 50 ? 'done' : 'started', regions: 17 });
  for (let a = 50; a < 60; a++) events.push({ type: 'region', account: String(100000000000 + a), region: 'eu-west-1', state: 'listed', functions: 9 });
  const frame = frameOf(events, Date.parse('2025-01-01T00:00:10Z'));
  const lines = frame.split('\n');
  assert.ok(lines.length < 24, `${lines.length} lines`);
  const more = /\+(\d+) more accounts/.exec(frame);
  assert.ok(more, frame);
  const shown = lines.filter((l) => /^\s+[▸✓✗-] \d{12}/.test(l)).length;
  assert.equal(shown + Number(more[1]), 60);
  // The ten accounts with work under way are always among the visible ones.
  for (let a = 50; a < 60; a++) assert.match(frame, new RegExp(String(100000000000 + a)));
});

test('visibleAccounts: busy accounts first, then most recent, idle last; shown in account order', () => {
  const events: AuditEvent[] = [];
  for (const a of ['x', 'y']) events.push({ type: 'account', account: a, name: null, state: 'started', regions: 3 });
  for (const a of ['c', 'a', 'd', 'b']) events.push({ type: 'account', account: a, name: null, state: 'done' });
  events.push({ type: 'account', account: 'e', name: null, state: 'started' });
  events.push({ type: 'region', account: 'e', region: 'eu-west-1', state: 'listed', functions: 4 });
  const s = events.reduce(progressReducer, initialProgressState('fleet'));
  const { rows, hidden } = visibleAccounts(s.accounts, 3);
  assert.deepEqual(rows.map((r) => r.account), ['b', 'd', 'e']);
  assert.equal(hidden, 4);
  assert.deepEqual(visibleAccounts(s.accounts, 6).rows.map((r) => r.account), ['a', 'b', 'c', 'd', 'e', 'y']);
});

test('store batching: 5,000 events publish only on the timer', async () => {
  const store = new ProgressStore({ mode: 'fleet', intervalMs: 100 });
  let notified = 0;
  store.subscribe(() => notified++);
  store.start();
  for (let i = 0; i < 5000; i++) store.dispatch({ type: 'target-done', target: makeTarget({ id: `t${i}` }), findings: 0, ownOpen: 0 });
  assert.equal(notified, 0, 'no publish per event');
  await tick(250);
  store.stop();
  assert.ok(notified >= 1 && notified <= 3, `published ${notified} times`);
  assert.equal(store.getSnapshot().state.done, 5000);
});

function fakeTty(columns = 80, rows = 24): NodeJS.WriteStream & { output: string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { output: string };
  s.output = '';
  s.on('data', (d: Buffer) => {
    s.output += d.toString();
  });
  Object.assign(s, { columns, rows, isTTY: true });
  return s;
}

test('startProgressUi: 5,000 events over ~0.5 s cause a handful of Ink renders, final frame kept', async () => {
  const stdout = fakeTty();
  const ui = startProgressUi({ stdout, mode: 'fleet', env: { NO_COLOR: '1' } });
  const t0 = Date.now();
  ui.sink({ type: 'start', mode: 'fleet', at: new Date().toISOString() });
  ui.sink({ type: 'planned', total: 5000 });
  for (let batch = 0; batch < 10; batch++) {
    for (let i = 0; i < 500; i++) {
      const n = batch * 500 + i;
      ui.sink({ type: 'target-done', target: makeTarget({ id: `t${n}`, account: `1111222233${String(n % 20).padStart(2, '0')}` }), findings: 0, ownOpen: 0 });
    }
    await tick(50);
  }
  await ui.finish();
  const elapsed = Date.now() - t0;
  const { events, renders, publishes } = ui.stats();
  assert.equal(events, 5002);
  // ≤ 10 per second plus the initial and final frames.
  const limit = Math.ceil(elapsed / 100) + 3;
  assert.ok(renders <= limit, `renders ${renders} > ${limit} in ${elapsed} ms`);
  assert.ok(publishes <= limit, `publishes ${publishes}`);
  assert.ok(renders >= 2, `renders ${renders}`);
  assert.match(stdout.output, /5000\/5000 100%/);
  assert.doesNotMatch(stdout.output, /\u001b\[2J|\u001bc/, 'never clears the screen');
  console.log(`# progress: ${events} events in ${elapsed} ms → ${publishes} publishes, ${renders} Ink renders`);
});
