import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AuditEvent } from '../../src/core/events.js';
import type { EmuAccount, EmuOrganization } from '../../src/emulator/index.js';
import { buildZip } from '../helpers/zip.js';
import { audit, assertNoSecrets, DEV, MGMT, organization, PROD, target, tempDir, testConfig, withEmulator, zips } from './org-fixture.js';

const retries = (events: AuditEvent[], reason: string) => events.filter((e) => e.type === 'retry' && e.reason === reason);

test('paging past 50 functions and past one page of accounts, with 20% of calls throttled: nothing is lost', async () => {
  const packages = [zips.lock, zips.clean, zips.pool];
  const big: EmuAccount = {
    id: '555555555555',
    name: 'big',
    regions: { 'eu-west-1': { functions: Array.from({ length: 120 }, (_, i) => ({ name: `fn-${i}`, runtime: 'python3.12', handler: 'app.handler', zip: packages[i % 3]! })) } },
  };
  const extra: EmuAccount[] = ['666666666666', '777777777777', '888888888888'].map((id) => ({
    id,
    name: `extra-${id}`,
    regions: { 'us-west-2': { functions: [{ name: `only-${id}`, runtime: 'python3.12', handler: 'app.handler', zip: zips.lock }] } },
  }));
  const org: EmuOrganization = { ...organization(), accounts: [...organization().accounts, big, ...extra] };
  await withEmulator(org, { throttleRate: 0.2, seed: 7 }, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-')));
    const { report } = run;
    assert.ok(emu.calls.filter((c) => c.operation === 'ListAccounts' && c.status === 200).length >= 4, 'accounts came in several pages');
    assert.ok(emu.calls.filter((c) => c.operation === 'ListFunctions' && c.account === big.id && c.status === 200).length >= 3, 'functions came in pages of 50');
    const throttled = emu.calls.filter((c) => c.status >= 400 && /thrott|toomany/i.test(c.error ?? '')).length;
    assert.ok(throttled > 5, `the emulator throttled calls (${throttled})`);
    assert.ok(retries(run.events, 'throttled').length > 0, 'throttling retries are reported');
    const bigTargets = report.targets.filter((t) => t.account === big.id);
    assert.equal(bigTargets.length, 120);
    assert.deepEqual(report.errors, []);
    assert.equal(report.summary.targets.error, 0);
    assert.equal(report.summary.targets.total, 9 + 120 + 3);
    assert.ok(report.targets.every((t) => t.status === 'scanned' || t.functionName === 'prod-image'));
    assert.equal(report.findings.filter((f) => f.target.includes(':function:fn-') && f.primitive === 'threading.Lock').length, 40);
    assert.deepEqual(report.summary.fleet?.accounts, { total: 8, scanned: 7, skipped: 1, error: 0 });
  });
});

test('download resets and truncations are retried; every package arrives whole', async () => {
  await withEmulator(organization(), { resetDownloads: 1, truncateDownloads: 1 }, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-'), { regions: ['eu-west-1'], excludeAccounts: [DEV] }));
    const { report } = run;
    assert.equal(target(report, 'prod-lock').status, 'scanned');
    assert.equal(target(report, 'prod-vendored').status, 'scanned');
    for (const name of ['prod-lock', 'prod-vendored']) assert.equal(emu.downloadCounts().get(target(report, name).id), 3, name);
    // Two failed attempts per package; whether a reset of a tiny body surfaces as ECONNRESET or as an
    // early close depends on socket timing, so the label is checked in download.test.ts instead.
    assert.equal(retries(run.events, 'reset').length + retries(run.events, 'truncated').length, 4);
    assert.ok(retries(run.events, 'truncated').length >= 2, 'truncation retries');
    assert.equal(report.findings.filter((f) => f.target === target(report, 'prod-lock').id).length, 2);
    assertNoSecrets(emu, run);
  });
});

test('a download that keeps failing ends the target in error, with a message free of the URL', async () => {
  await withEmulator(organization(), { resetDownloads: 10 }, async (emu) => {
    const cfg = testConfig(await tempDir('la-fleet-'), { regions: ['eu-west-1'], excludeAccounts: [DEV], functionFilter: 'prod-lock' });
    const run = await audit(emu, { ...cfg, limits: { ...cfg.limits, downloadRetries: 1 } });
    const t = target(run.report, 'prod-lock');
    assert.equal(t.status, 'error');
    assert.match(t.reason ?? '', /after 2 attempts/);
    assert.equal(emu.downloadCounts().get(t.id), 2);
    assert.deepEqual(run.report.errors.map((e) => [e.target, e.code]), [[t.id, 'fetch']]);
    assert.equal(run.report.findings.length, 0, 'a corrupt download is never scanned');
    assert.equal(run.report.summary.complete, false);
    assertNoSecrets(emu, run);
  });
});

test('an expired URL is fetched anew: GetFunction is called again', async () => {
  await withEmulator(organization(), { expireUrls: true }, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-'), { regions: ['eu-west-1'], excludeAccounts: [DEV], functionFilter: 'prod-lock' }), {
      // Expiry lasts until the audit notices it once; the fresh URL then works.
      onEvent: (e) => {
        if (e.type === 'retry' && e.reason === 'expired') emu.setFaults({});
      },
    });
    const t = target(run.report, 'prod-lock');
    assert.equal(t.status, 'scanned');
    assert.equal(emu.calls.filter((c) => c.operation === 'GetFunction').length, 2);
    assert.equal(emu.calls.filter((c) => c.operation === 'GetObject' && c.status === 403).length, 1);
    assert.equal(retries(run.events, 'expired').length, 1);
    assertNoSecrets(emu, run);
  });
});

test('denied AssumeRole, a denied account and a denied region are recorded while the rest completes', async () => {
  const sandbox: EmuAccount = { id: '999999999999', name: 'sandbox', regions: { 'eu-west-1': { functions: [{ name: 'sb', runtime: 'python3.12', zip: zips.lock }] } } };
  const org: EmuOrganization = { ...organization(), accounts: [...organization().accounts, sandbox] };
  await withEmulator(org, { denyAssumeRole: [DEV], denyAccounts: [sandbox.id], denyRegions: [{ account: PROD, region: 'eu-west-1' }] }, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-')));
    const { report } = run;
    const byTarget = new Map(report.errors.map((e) => [e.target, e]));
    assert.match(byTarget.get(`account:${DEV}`)?.message ?? '', /AssumeRole into arn:aws:iam::333333333333:role\/LambdaAuditReadOnly failed/);
    assert.equal(byTarget.get(`account:${DEV}`)?.code, 'access');
    assert.equal(byTarget.get(`account:${sandbox.id}`)?.code, 'access');
    assert.equal(byTarget.get(`region:${PROD}/eu-west-1`)?.code, 'access');
    assert.equal(report.errors.length, 3);
    assert.deepEqual(report.targets.map((t) => t.functionName).filter(Boolean).sort(), ['mgmt-clean', 'prod-layered-a', 'prod-layered-b']);
    assert.ok(report.targets.every((t) => t.status === 'scanned'));
    assert.deepEqual(report.summary.fleet?.accounts, { total: 5, scanned: 2, skipped: 1, error: 2 });
    assert.equal(report.summary.fleet?.regions.error, 1);
    assert.equal(report.summary.complete, false, 'unreached accounts and regions make the audit incomplete');
    assert.ok(run.events.some((e) => e.type === 'account' && e.account === DEV && e.state === 'error'));
    assert.ok(run.events.some((e) => e.type === 'region' && e.account === PROD && e.region === 'eu-west-1' && e.state === 'error'));
    assertNoSecrets(emu, run);
  });
});

test('a denied GetFunction ends that function target in error', async () => {
  await withEmulator(organization(), {}, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-'), { regions: ['eu-west-1'], excludeAccounts: [DEV], cache: false }), {
      // Listing succeeded; from now on Lambda calls in prod/eu-west-1 are denied (an SCP applied mid-audit).
      onEvent: (e) => {
        if (e.type === 'region' && e.state === 'listed' && e.account === PROD) emu.setFaults({ denyRegions: [{ account: PROD, region: 'eu-west-1' }] });
      },
    });
    const t = target(run.report, 'prod-lock');
    assert.equal(t.status, 'error');
    assert.match(t.reason ?? '', /GetFunction denied/);
    assert.ok(run.report.errors.some((e) => e.target === t.id && e.code === 'access'));
    assert.equal(emu.calls.filter((c) => c.operation === 'GetObject').length, 0);
  });
});

test('abort mid-run: interrupted report, the remaining targets skipped', async () => {
  // Incompressible 200 KiB packages streamed slowly, two at a time, so the abort lands mid-run.
  const fns = Array.from({ length: 8 }, (_, i) => ({
    name: `slow-${i}`,
    runtime: 'python3.12',
    handler: 'app.handler',
    zip: buildZip({ 'app.py': 'import threading\nL = threading.Lock()\n', 'blob.bin': randomBytes(200 * 1024) }),
  }));
  const org: EmuOrganization = { managementAccountId: MGMT, accounts: [{ id: MGMT, name: 'management', regions: { 'us-east-1': { functions: fns } } }] };
  await withEmulator(org, { slowBodyMs: 60 }, async (emu) => {
    const controller = new AbortController();
    const cfg = testConfig(await tempDir('la-fleet-'), { concurrency: { accounts: 1, downloads: 2, analysis: 1, getFunctionPerSecond: 50, callsPerSecond: 10 } });
    const started = Date.now();
    const run = await audit(emu, cfg, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'target-done' && e.target.status === 'scanned') controller.abort();
      },
    });
    const { report } = run;
    assert.ok(Date.now() - started < 5_000, 'the audit stops promptly');
    assert.equal(report.summary.interrupted, true);
    assert.equal(report.summary.complete, false);
    assert.equal(report.targets.length, 8);
    const skipped = report.targets.filter((t) => t.status === 'skipped');
    assert.ok(skipped.length >= 4, `remaining targets skipped (${skipped.length})`);
    assert.ok(skipped.every((t) => t.reason === 'audit interrupted'));
    assert.ok(report.targets.some((t) => t.status === 'scanned'));
    assert.equal(report.targets.filter((t) => t.status === 'error').length, 0, 'an abort is not an error');
    assert.ok(run.events.some((e) => e.type === 'interrupted'));
    assert.ok(emu.calls.filter((c) => c.operation === 'GetFunction').length < 8, 'no new work was scheduled after the abort');
  });
});

test('an audit aborted before it starts returns an interrupted, empty report', async () => {
  await withEmulator(organization(), {}, async (emu) => {
    const controller = new AbortController();
    controller.abort();
    const run = await audit(emu, testConfig(await tempDir('la-fleet-')), { signal: controller.signal });
    assert.equal(run.report.summary.interrupted, true);
    assert.equal(run.report.targets.length, 0);
    assert.equal(emu.calls.filter((c) => c.service === 'lambda').length, 0);
    assert.equal(run.events.at(-1)?.type, 'done');
  });
});
