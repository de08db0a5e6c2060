import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createPlainProgress, formatSummary } from '../../src/tui/plain.js';
import type { AuditEvent } from '../../src/core/events.js';
import { fleetEvents } from './events.js';
import { makeReport } from './fixtures.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString()));
  return { stream, text: () => out };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('plain progress: one line per finished account and region, errors, no ANSI', () => {
  const { stream, text } = capture();
  const p = createPlainProgress({ stderr: stream, quiet: false, json: false, intervalMs: 60_000 });
  for (const e of fleetEvents()) p.sink(e);
  p.sink({ type: 'region', account: '777788889999', region: 'ap-south-1', state: 'error', reason: 'Access\u001b[31mDenied' });
  p.close();
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.filter((l) => / region \d+\/[a-z0-9-]+ done: 3 functions$/.test(l)).length, 4);
  assert.ok(lines.includes('lambda-audit: account 111122223333 done: 2 regions, 6 functions'), lines.join('\n'));
  assert.ok(lines.includes('lambda-audit: region 777788889999/ap-south-1 error: AccessDenied'));
  assert.ok(lines.every((l) => l.startsWith('lambda-audit: ')));
  assert.doesNotMatch(text(), /\u001b/);
  // Per-target events do not print lines of their own.
  assert.ok(lines.length < 15, `${lines.length} lines`);
});

test('plain progress prints counters periodically, and not again while nothing changed', async () => {
  const { stream, text } = capture();
  const p = createPlainProgress({ stderr: stream, quiet: false, json: false, intervalMs: 40 });
  const events = fleetEvents();
  for (const e of events.slice(0, -1)) p.sink(e);
  await tick(200);
  p.close();
  const counters = text().split('\n').filter((l) => l.startsWith('lambda-audit: progress:'));
  assert.deepEqual(counters, ['lambda-audit: progress: 12/12 targets, 1 errors, 1 skipped, 12.0 MB']);
});

test('plain progress: quiet prints nothing', () => {
  const { stream, text } = capture();
  const p = createPlainProgress({ stderr: stream, quiet: true, json: false, intervalMs: 1 });
  for (const e of fleetEvents()) p.sink(e);
  p.close();
  assert.equal(text(), '');
});

test('plain progress: json writes one parseable AuditEvent per line, escapes intact', () => {
  const { stream, text } = capture();
  const p = createPlainProgress({ stderr: stream, quiet: false, json: true });
  const events: AuditEvent[] = [...fleetEvents(), { type: 'error', error: { target: null, code: 'X', message: 'bad\u001b[2J' } }];
  for (const e of events) p.sink(e);
  p.close();
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.length, events.length);
  assert.deepEqual(lines.map((l) => JSON.parse(l) as AuditEvent), events);
  assert.doesNotMatch(text(), /\u001b/, 'JSON escapes control characters');
  assert.doesNotMatch(text(), /X-Amz-Signature|AWS_SECRET/i);
});

test('formatSummary: counts, completeness, trend, fleet, report paths; colour only on request', () => {
  const report = makeReport();
  report.summary = {
    ...report.summary,
    targets: { total: 2000, scanned: 1990, skipped: 3, error: 7 },
    complete: false,
    completeness: 1993 / 2000,
    trend: { new: 2, unchanged: 10, fixed: 1 },
    fleet: {
      organization: 'listed',
      accounts: { total: 4, scanned: 4, skipped: 0, error: 0 },
      regions: { total: 12, scanned: 11, error: 1 },
      functions: { total: 2100, scanned: 1990, skipped: 3, error: 7, otherRuntimes: 100, filtered: 0 },
      layers: { total: 5, scanned: 5, error: 0 },
    },
  };
  const text = formatSummary(report, { json: 'out/report.json', sarif: 'out/report.sarif' });
  assert.match(text, /Targets: 2000 total, 1990 scanned, 3 skipped, 7 error · completeness 99\.7% · INCOMPLETE/);
  assert.match(text, /Findings: 5 open violations in own code · 1 acknowledged · 0 suppressed · 1 vendored/);
  assert.match(text, /Trend vs baseline: 2 new, 10 unchanged, 1 fixed/);
  assert.match(text, /Fleet: 4 accounts .* 12 regions \(1 error\), 2100 functions \(100 other runtimes\), 5 layers/);
  assert.match(text, /Reports:\n {2}json {3}out\/report\.json\n {2}sarif {2}out\/report\.sarif/);
  assert.doesNotMatch(text, /\u001b/);
  assert.match(formatSummary(report, {}, { color: true }), /\u001b\[1;31m5 open violations/);
});

test('formatSummary: a clean complete run and an interrupted one', () => {
  const report = makeReport();
  report.summary = { ...report.summary, findings: { ...report.summary.findings, ownOpen: 0 } };
  const clean = formatSummary(report, {});
  assert.match(clean, /completeness 100\.0%\n/);
  assert.match(clean, /0 open violations/);
  assert.doesNotMatch(clean, /Trend|Reports|Fleet/);
  report.summary = { ...report.summary, interrupted: true, complete: false, completeness: 0.5 };
  assert.match(formatSummary(report, {}), /completeness 50\.0% · INTERRUPTED \(partial report\)/);
});
