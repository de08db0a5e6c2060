import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READ_ONLY_OPERATIONS } from '../../src/emulator/index.js';
import { codeSha256 } from '../../src/fetch/download.js';
import { filteredOut } from '../../src/fleet/plan.js';
import { validateReport } from '../../src/report/schema.js';
import { audit, assertNoSecrets, DEV, LAYER_ARN, MGMT, organization, PROD, SUSPENDED, target, tempDir, testConfig, withEmulator, zips } from './org-fixture.js';

test('fleet audit: attribution, layers, shared code, skipped kinds, read-only calls; a cached re-run downloads nothing', async () => {
  await withEmulator(organization(), {}, async (emu) => {
    const cacheDir = await tempDir('la-fleet-cache-');
    const first = await audit(emu, testConfig(cacheDir));
    const { report, events } = first;
    validateReport(JSON.parse(JSON.stringify(report)), 'fleet report');
    assert.equal(report.summary.complete, true);
    assert.deepEqual(report.errors, []);

    // Per-account attribution: every function target lives in the account whose assumed keys listed it.
    const fnTargets = report.targets.filter((t) => t.kind === 'function');
    for (const t of fnTargets) assert.equal(t.id.split(':')[4], t.account, t.id);
    const listedBy = (op: string) => new Set(emu.calls.filter((c) => c.operation === op).map((c) => `${c.account}/${c.region}`));
    assert.deepEqual([...listedBy('ListFunctions')].sort(), [`${DEV}/eu-west-1`, `${MGMT}/us-east-1`, `${PROD}/eu-west-1`, `${PROD}/us-east-1`].sort());
    for (const key of listedBy('GetFunction')) {
      const [account, region] = key.split('/');
      assert.ok(fnTargets.some((t) => t.account === account && t.region === region), `GetFunction with ${key} credentials`);
    }
    assert.equal(emu.calls.filter((c) => c.operation === 'AssumeRole').length, 2, 'one AssumeRole per member account, none for the caller');
    assert.ok(!emu.calls.some((c) => c.account === SUSPENDED), 'a suspended account is not called');
    assert.ok(events.some((e) => e.type === 'account' && e.account === SUSPENDED && e.state === 'skipped' && /SUSPENDED/.test(e.reason ?? '')));
    assert.deepEqual(report.summary.fleet?.accounts, { total: 4, scanned: 3, skipped: 1, error: 0 });
    const suspended = report.accounts?.find((a) => a.id === SUSPENDED);
    assert.equal(suspended?.status, 'skipped', 'the report lists the suspended account');
    assert.match(suspended?.reason ?? '', /SUSPENDED/);
    assert.equal(report.accounts?.filter((a) => a.status === 'scanned').length, 3);

    // Target fields.
    const lock = target(report, 'prod-lock');
    assert.equal(lock.status, 'scanned');
    assert.equal(lock.accountName, 'prod');
    assert.equal(lock.runtime, 'python3.12');
    assert.equal(lock.handler, 'app.handler');
    assert.equal(lock.codeSha256, codeSha256(zips.lock));
    assert.equal(lock.codeSize, zips.lock.length);
    assert.equal(lock.packageType, 'Zip');
    assert.ok(lock.lastModified);

    // Image → skipped target; nodejs → counted only.
    const image = target(report, 'prod-image');
    assert.equal(image.status, 'skipped');
    assert.equal(image.reason, 'container image: GetFunction returns no code for image functions');
    assert.ok(!report.targets.some((t) => t.functionName === 'prod-node'));
    assert.equal(report.summary.fleet?.functions.otherRuntimes, 1);
    assert.deepEqual(report.summary.fleet?.functions, { total: 9, scanned: 7, skipped: 1, error: 0, otherRuntimes: 1, filtered: 0 });

    // The layer: one target, fetched once, its findings on it (vendored site-packages), linked from each user.
    const layers = report.targets.filter((t) => t.kind === 'layer');
    assert.deepEqual(layers.map((t) => t.id), [LAYER_ARN]);
    assert.equal(layers[0]!.codeSha256, codeSha256(zips.layer));
    assert.equal(emu.calls.filter((c) => c.operation === 'GetLayerVersionByArn').length, 1);
    assert.equal(emu.downloadCounts().get(LAYER_ARN), 1);
    const layerFindings = report.findings.filter((f) => f.target === LAYER_ARN);
    assert.deepEqual(layerFindings.map((f) => f.primitive).sort(), ['threading', 'threading.RLock']);
    assert.ok(layerFindings.every((f) => f.origin === 'vendored'));
    for (const name of ['prod-layered-a', 'prod-layered-b', 'dev-layered']) assert.deepEqual(target(report, name).layers, [LAYER_ARN]);
    assert.ok(!report.findings.some((f) => f.target !== LAYER_ARN && f.file.includes('site-packages')));
    assert.deepEqual(report.summary.fleet?.layers, { total: 1, scanned: 1, error: 0 });

    // Shared CodeSha256: downloaded once, findings attributed to each function under its own owner.
    const lockSha = codeSha256(zips.lock);
    assert.equal(emu.calls.filter((c) => c.operation === 'GetObject' && c.codeSha256 === lockSha).length, 1);
    const prodFindings = report.findings.filter((f) => f.target === lock.id);
    const devFindings = report.findings.filter((f) => f.target === target(report, 'dev-lock-copy').id);
    assert.deepEqual(prodFindings.map((f) => f.primitive).sort(), ['threading', 'threading.Lock']);
    assert.deepEqual(devFindings.map((f) => f.primitive).sort(), ['threading', 'threading.Lock']);
    assert.ok(prodFindings.every((f) => f.origin === 'own'));
    assert.ok(!prodFindings.some((f) => devFindings.some((d) => d.id === f.id)), 'fingerprints differ by owner');
    const vendored = report.findings.filter((f) => f.target === target(report, 'prod-vendored').id);
    assert.ok(vendored.length > 0 && vendored.every((f) => f.origin === 'vendored' && f.file === 'vendor/lib.py'));
    assert.equal(report.findings.filter((f) => f.target === target(report, 'mgmt-clean').id).length, 0);

    // Only read operations, and the allow-list itself holds only reads.
    for (const op of READ_ONLY_OPERATIONS) assert.match(op, /^(List|Get|Describe)[A-Za-z]+$|^AssumeRole$|^GetCallerIdentity$/);
    for (const c of emu.calls) assert.ok(READ_ONLY_OPERATIONS.has(c.operation), `${c.operation} is not read-only`);

    // Events: start … done, planned equals the number of targets, every target done once.
    assert.equal(events[0]?.type, 'start');
    assert.equal(events.at(-1)?.type, 'done');
    const planned = events.filter((e) => e.type === 'planned').at(-1);
    assert.equal(planned?.type === 'planned' ? planned.total : -1, report.targets.length);
    const done = events.flatMap((e) => (e.type === 'target-done' ? [e.target.id] : []));
    assert.deepEqual(done.sort(), report.targets.map((t) => t.id).sort());
    assertNoSecrets(emu, first);

    // Second run: same fleet, same cache → no download and no GetFunction.
    const before = emu.calls.length;
    const second = await audit(emu, testConfig(cacheDir));
    const calls = emu.calls.slice(before);
    assert.equal(calls.filter((c) => c.operation === 'GetObject').length, 0);
    assert.equal(calls.filter((c) => c.operation === 'GetFunction' || c.operation === 'GetLayerVersionByArn').length, 0);
    assert.deepEqual(second.report.findings.map((f) => f.id), report.findings.map((f) => f.id));
    assert.deepEqual(
      second.report.targets.map((t) => [t.id, t.status, t.codeSha256, t.sourceFiles]),
      report.targets.map((t) => [t.id, t.status, t.codeSha256, t.sourceFiles]),
    );
    assert.ok(!second.events.some((e) => e.type === 'phase' && e.phase === 'download'));

    // --no-cache: downloads again.
    const mark = emu.calls.length;
    await audit(emu, testConfig(cacheDir, { cache: false }));
    assert.ok(emu.calls.slice(mark).filter((c) => c.operation === 'GetObject').length >= 5);
  });
});

test('named regions, excluded accounts and the function filter: filtered functions are only counted', async () => {
  await withEmulator(organization(), {}, async (emu) => {
    const { report } = await audit(emu, testConfig(await tempDir('la-fleet-'), { regions: ['eu-west-1'], excludeAccounts: [DEV], functionFilter: 'prod-lock*' }));
    assert.deepEqual(report.targets.map((t) => t.functionName), ['prod-lock']);
    assert.equal(emu.calls.filter((c) => c.operation === 'DescribeRegions').length, 0, 'named regions need no DescribeRegions');
    assert.ok(!emu.calls.some((c) => c.account === DEV), 'an excluded account is never called');
    assert.ok(emu.calls.filter((c) => c.operation === 'ListFunctions').every((c) => c.region === 'eu-west-1'));
    const fleet = report.summary.fleet!;
    // mgmt has no functions in eu-west-1; prod has 4 there, of which 3 do not match.
    assert.deepEqual(fleet.functions, { total: 4, scanned: 1, skipped: 0, error: 0, otherRuntimes: 0, filtered: 3 });
    assert.equal(filteredOut(fleet), 3);
    assert.deepEqual(fleet.accounts, { total: 3, scanned: 2, skipped: 1, error: 0 });
  });
});

test('without Organizations only the caller account is audited, and the report says so', async () => {
  await withEmulator(organization(), { noOrganization: true }, async (emu) => {
    const run = await audit(emu, testConfig(await tempDir('la-fleet-')));
    const { report } = run;
    assert.deepEqual(report.targets.map((t) => t.functionName), ['mgmt-clean']);
    assert.equal(report.targets[0]!.status, 'scanned');
    const e = report.errors.find((x) => x.code === 'organizations-unavailable');
    assert.ok(e, 'organizations-unavailable entry');
    assert.match(e.message, new RegExp(`only the caller's account ${MGMT}`));
    assert.ok(run.events.some((ev) => ev.type === 'error' && ev.error.code === 'organizations-unavailable'));
    assert.equal(emu.calls.filter((c) => c.operation === 'AssumeRole').length, 0);
    assert.equal(report.summary.fleet?.organization, 'not-in-use');
    assert.equal(report.summary.complete, true, 'no organization: the caller account is the whole fleet');
  });
});
