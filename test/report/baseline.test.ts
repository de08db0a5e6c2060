import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import type { Report, Target } from '../../src/core/types.js';
import { fingerprintOwner } from '../../src/core/fingerprint.js';
import { applyBaseline, createBaseline, loadBaseline, markFinding, writeBaseline } from '../../src/report/baseline.js';
import { writeJsonReport } from '../../src/report/json.js';
import { validateReport } from '../../src/report/schema.js';
import { shouldFail, summarize, type FailOn } from '../../src/report/summary.js';
import { findingsFor, functionTarget, ORDERS_ITEMS, sampleReport, STARTED_AT, type SampleItem } from '../helpers/sample-report.js';

const LATER = '2026-12-08T10:00:00.000Z';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'la-baseline-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A later run of one function with the given items. */
function run(target: Target, items: readonly SampleItem[], extraTargets: Target[] = []): Report {
  const targets = [target, ...extraTargets];
  const findings = findingsFor(target, items);
  return {
    schemaVersion: 1,
    tool: { name: 'lambda-audit', version: '0.1.0' },
    startedAt: LATER,
    finishedAt: LATER,
    targets,
    findings,
    errors: [],
    summary: summarize(targets, findings, { interrupted: false }),
  };
}

describe('fingerprint owners', () => {
  it('uses function name, layer name without version, local base name without .zip', () => {
    assert.equal(fingerprintOwner(functionTarget('orders-api')), 'orders-api');
    assert.equal(fingerprintOwner({ id: 'arn:aws:lambda:eu-west-1:1:function:from-arn:live', kind: 'function' }), 'from-arn');
    assert.equal(fingerprintOwner({ id: 'arn:aws:lambda:eu-west-1:111122223333:layer:orgcommon:3', kind: 'layer' }), 'orgcommon');
    assert.equal(fingerprintOwner({ id: '/tmp/builds/orders-api.zip', kind: 'archive' }), 'orders-api');
    assert.equal(fingerprintOwner({ id: 'samples/clean-worker/', kind: 'directory' }), 'clean-worker');
  });
});

describe('baselines', () => {
  const base = createBaseline(sampleReport(), undefined, STARTED_AT);

  it('creates one entry per finding with owners, and round-trips through the file', async () => {
    const report = sampleReport();
    assert.equal(base.entries.length, report.findings.length);
    assert.deepEqual([...new Set(base.entries.map((e) => e.owner))].sort(), ['legacy-billing', 'orders-api', 'orgcommon']);
    assert.deepEqual(base.entries.map((e) => e.id), [...base.entries.map((e) => e.id)].sort());
    const file = join(dir, 'baseline.json');
    await writeBaseline(file, base);
    assert.deepEqual(await loadBaseline(file), base);
  });

  it('keeps findings unchanged across a line shift and re-indentation', () => {
    const shifted = ORDERS_ITEMS.map((it) => ({ ...it, line: it.line + 7, snippet: '    ' + it.snippet.replace(/ /g, '  ') }));
    const out = applyBaseline(run(functionTarget('orders-api'), shifted), base);
    assert.deepEqual(out.findings.map((f) => f.baseline), ORDERS_ITEMS.map(() => 'unchanged'));
    assert.ok(out.findings.every((f) => f.firstSeen === STARTED_AT));
    assert.deepEqual(out.summary.trend, { new: 0, unchanged: ORDERS_ITEMS.length, fixed: 0 });
    assert.deepEqual(out.fixed, []);
  });

  it('keeps findings unchanged across a redeploy to another account and region', () => {
    const moved = functionTarget('orders-api', '999988887777', 'ap-southeast-2');
    const out = applyBaseline(run(moved, ORDERS_ITEMS), base);
    assert.equal(out.summary.trend?.unchanged, ORDERS_ITEMS.length);
    assert.equal(out.summary.trend?.new, 0);
  });

  it('reports new and fixed findings of a scanned function', () => {
    const items = [...ORDERS_ITEMS.slice(1), { file: 'app.py', line: 40, primitive: 'threading.Timer', snippet: 't = threading.Timer(1, f)' }];
    const out = applyBaseline(run(functionTarget('orders-api'), items), base);
    const added = out.findings.filter((f) => f.baseline === 'new');
    assert.deepEqual(added.map((f) => f.primitive), ['threading.Timer']);
    assert.equal(added[0]!.firstSeen, LATER);
    assert.deepEqual(out.fixed?.map((e) => e.primitive), ['threading']);
    assert.deepEqual(out.summary.trend, { new: 1, unchanged: ORDERS_ITEMS.length - 1, fixed: 1 });
    assert.doesNotThrow(() => validateReport(out, 'applied'));
  });

  it('does not report findings of an errored, skipped or absent function as fixed', () => {
    const errored = functionTarget('legacy-billing', '444455556666', 'us-east-1', { status: 'error', reason: 'AccessDenied' });
    const out = applyBaseline(run(functionTarget('orders-api'), ORDERS_ITEMS, [errored]), base);
    assert.deepEqual(out.fixed, [], 'legacy-billing errored; orgcommon layer was not in the run');
    // Same function name in two regions, one of them errored: still not vouched for.
    const other = functionTarget('orders-api', '111122223333', 'us-west-2', { status: 'error', reason: 'throttled' });
    const out2 = applyBaseline(run(functionTarget('orders-api'), ORDERS_ITEMS.slice(1), [other]), base);
    assert.deepEqual(out2.fixed, []);
    // A scanned run of legacy-billing without its finding does report it fixed.
    const out3 = applyBaseline(run(functionTarget('legacy-billing', '444455556666', 'us-east-1'), []), base);
    assert.deepEqual(out3.fixed?.map((e) => e.owner), ['legacy-billing']);
  });

  it('loads a previous JSON report as a baseline and rejects other files', async () => {
    const file = join(dir, 'prev-report.json');
    await writeJsonReport(sampleReport(), file);
    const loaded = await loadBaseline(file);
    assert.deepEqual(loaded.entries, base.entries);
    const bad = join(dir, 'bad-baseline.json');
    await writeBaseline(bad, { ...base, entries: [{ ...base.entries[0]!, status: 'ignored' as 'open' }] });
    await assert.rejects(loadBaseline(bad), (err: unknown) => err instanceof ConfigError && err.message.includes(bad) && err.message.includes('/entries/0/status'));
    await writeJsonReport({ hello: 1 } as unknown as Report, bad);
    await assert.rejects(loadBaseline(bad), /neither a lambda-audit baseline file/);
  });
});

describe('review marks', () => {
  it('records a mark and the next audit honours it', async () => {
    const file = join(dir, 'marks.json');
    const report = sampleReport();
    await writeBaseline(file, createBaseline(report, undefined, STARTED_AT));
    const target = report.findings.find((f) => f.primitive === 'threading.Lock')!;
    await markFinding(file, { id: target.id, status: 'acknowledged', reason: 'migrating in Q3' }, () => LATER);
    const loaded = await loadBaseline(file);
    const entry = loaded.entries.find((e) => e.id === target.id)!;
    assert.deepEqual([entry.status, entry.reason, entry.markedAt, entry.firstSeen], ['acknowledged', 'migrating in Q3', LATER, STARTED_AT]);

    const next = applyBaseline(sampleReport(), loaded);
    const f = next.findings.find((x) => x.id === target.id)!;
    assert.deepEqual([f.status, f.reason, f.baseline], ['acknowledged', 'migrating in Q3', 'unchanged']);
    assert.equal(next.summary.findings.ownOpen, report.summary.findings.ownOpen - 1);
    // Unmarked entries do not override the finding's own status.
    const other = next.findings.find((x) => x.primitive === 'threading')!;
    assert.equal(other.status, 'open');
    // An `open` mark withdraws the decision; a suppression written in the code still stands.
    const suppressed = report.findings.find((x) => x.status === 'suppressed')!;
    await markFinding(file, { id: target.id, status: 'open', reason: null }, () => LATER);
    await markFinding(file, { id: suppressed.id, status: 'open', reason: null }, () => LATER);
    const withdrawn = applyBaseline(sampleReport(), await loadBaseline(file));
    assert.equal(withdrawn.findings.find((x) => x.id === target.id)?.status, 'open');
    assert.equal(withdrawn.findings.find((x) => x.id === suppressed.id)?.status, 'suppressed');
    // Re-baselining keeps the mark.
    const again = createBaseline(next, loaded);
    assert.equal(again.entries.find((e) => e.id === target.id)?.markedAt, LATER);
  });

  it('creates the file for a new entry, serialises concurrent marks, refuses unknown ids without a finding', async () => {
    const file = join(dir, 'fresh-marks.json');
    const report = sampleReport();
    const [a, b] = report.findings;
    await Promise.all([
      markFinding(file, { id: a!.id, status: 'suppressed', reason: 'needed', finding: a!, owner: 'orders-api' }),
      markFinding(file, { id: b!.id, status: 'open', reason: null, finding: b!, owner: 'orders-api' }),
    ]);
    const loaded = await loadBaseline(file);
    assert.deepEqual(loaded.entries.map((e) => e.id).sort(), [a!.id, b!.id].sort());
    assert.ok(loaded.entries.every((e) => e.markedAt !== undefined && e.owner === 'orders-api'));
    await assert.rejects(markFinding(file, { id: 'unknown', status: 'open', reason: null }), ConfigError);
  });

  it('never overwrites a JSON report with marks', async () => {
    const file = join(dir, 'a-report.json');
    await writeJsonReport(sampleReport(), file);
    const before = await readFile(file, 'utf8');
    await assert.rejects(markFinding(file, { id: 'x', status: 'open', reason: null }), /not a lambda-audit baseline file/);
    assert.equal(await readFile(file, 'utf8'), before);
  });
});

describe('summary and fail-on policy', () => {
  it('computes completeness and complete', () => {
    const report = sampleReport();
    assert.deepEqual(report.summary.targets, { total: 5, scanned: 4, skipped: 0, error: 1 });
    assert.equal(report.summary.completeness, 4 / 5);
    assert.equal(report.summary.complete, false);
    assert.equal(report.summary.findings.ownOpen, 4);
    assert.equal(report.summary.findings.vendored, 1);
    const empty = summarize([], [], { interrupted: true });
    assert.deepEqual([empty.completeness, empty.complete], [1, false]);
    assert.equal(summarize([], [], { interrupted: false }).complete, true);
  });

  it('fails per policy', () => {
    const report = sampleReport();
    const [ownOpen, , , , vendored] = report.findings;
    const cases: Array<[string, Report['findings'], Record<FailOn, boolean>]> = [
      ['no baseline: own open counts as new', [ownOpen!], { own: true, new: true, any: true, none: false }],
      ['own open, unchanged', [{ ...ownOpen!, baseline: 'unchanged' }], { own: true, new: false, any: true, none: false }],
      ['own open, new', [{ ...ownOpen!, baseline: 'new' }], { own: true, new: true, any: true, none: false }],
      ['vendored open only', [vendored!], { own: false, new: false, any: true, none: false }],
      ['own acknowledged only', [{ ...ownOpen!, status: 'acknowledged', baseline: 'new' }], { own: false, new: false, any: false, none: false }],
      ['nothing', [], { own: false, new: false, any: false, none: false }],
    ];
    for (const [name, findings, expected] of cases) {
      for (const failOn of ['own', 'new', 'any', 'none'] as const) {
        assert.equal(shouldFail({ findings }, failOn), expected[failOn], `${name} / ${failOn}`);
      }
    }
  });
});
