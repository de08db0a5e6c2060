import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reserve, RateLimiter } from '../../src/fleet/rate-limit.js';
import { awsRetryReason, backoffMs, classifyAwsError, classifyThrown, downloadRetryReason } from '../../src/fleet/classify.js';
import { redact, Redactor, REDACTED_URL } from '../../src/fetch/redact.js';
import { analysisKey, defaultCacheDir, DirectoryCache, parseEntry, type AnalysisKeyInput } from '../../src/cache/index.js';
import type { PackageAnalysis } from '../../src/scan/analyze-package.js';
import { classifyFunction, fleetCounts, functionMatcher, parseLayerArn, planAccounts, IMAGE_REASON } from '../../src/fleet/plan.js';
import { memoizeCredentials } from '../../src/fleet/aws.js';
import { toAuditError } from '../../src/fetch/packages.js';
import { AccessError, ArchiveError } from '../../src/core/errors.js';

test('reserve: full bucket passes immediately, empty bucket waits 1/rate', () => {
  const spec = { rate: 10, capacity: 2 };
  let s = { tokens: 2, last: 0 };
  let r = reserve(s, spec, 0);
  assert.equal(r.waitMs, 0);
  r = reserve(r.state, spec, 0);
  assert.equal(r.waitMs, 0);
  r = reserve(r.state, spec, 0);
  assert.equal(r.waitMs, 100);
  r = reserve(r.state, spec, 0);
  assert.equal(r.waitMs, 200, 'queued callers wait in order');
  s = r.state;
  // After a long idle period the bucket refills only to capacity.
  r = reserve(s, spec, 10_000);
  assert.equal(r.state.tokens, 1);
});

test('RateLimiter paces calls to the configured rate per scope and class', async () => {
  let now = 0;
  const waits: number[] = [];
  const limiter = new RateLimiter({ getFunctionPerSecond: 4, callsPerSecond: 2 }, () => now, async (ms) => {
    waits.push(ms);
    now += ms;
  });
  for (let i = 0; i < 9; i++) await limiter.take('111/eu-west-1', 'getFunction');
  // Capacity 2, then 250 ms per token: 9 calls take (9 - 2) * 250 ms.
  assert.equal(now, 7 * 250);
  const before = now;
  await limiter.take('222/eu-west-1', 'getFunction');
  await limiter.take('111/eu-west-1', 'other');
  assert.equal(now, before, 'other scopes and classes have their own buckets');
  assert.ok(waits.every((w) => w > 0));
});

test('classifyAwsError recognises throttling, denial, missing org, server and network errors', () => {
  const aws = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
    Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });
  assert.equal(classifyAwsError(aws('TooManyRequestsException', 429)), 'throttled');
  assert.equal(classifyAwsError(aws('ThrottlingException', 400)), 'throttled');
  assert.equal(classifyAwsError(aws('RequestLimitExceeded', 503, 'server')), 'throttled');
  assert.equal(classifyAwsError(aws('AccessDeniedException', 403)), 'denied');
  assert.equal(classifyAwsError(aws('UnauthorizedOperation', 403)), 'denied');
  assert.equal(classifyAwsError(aws('AccessDenied', 403)), 'denied');
  assert.equal(classifyAwsError(aws('AWSOrganizationsNotInUseException', 400)), 'org-unavailable');
  assert.equal(classifyAwsError(aws('ServiceException', 500, 'server')), 'server');
  assert.equal(classifyAwsError(aws('ResourceNotFoundException', 404)), 'not-found');
  const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket'), { code: 'ECONNRESET' }) });
  assert.equal(classifyAwsError(reset), 'network');
  assert.equal(awsRetryReason(reset), 'reset');
  assert.equal(awsRetryReason(aws('TooManyRequestsException', 429)), 'throttled');
  assert.equal(awsRetryReason(aws('AccessDeniedException', 403)), null);
  assert.equal(classifyAwsError(new Error('boom')), 'other');
});

test('download failures: 403 means a fresh URL, resets/5xx/truncation retry, size and abort do not', () => {
  assert.equal(downloadRetryReason({ kind: 'status', status: 403 }), 'expired');
  assert.equal(downloadRetryReason({ kind: 'status', status: 502 }), 'server');
  assert.equal(downloadRetryReason({ kind: 'status', status: 404 }), null);
  assert.equal(downloadRetryReason({ kind: 'truncated', received: 10, expected: 20 }), 'truncated');
  assert.equal(downloadRetryReason({ kind: 'network', code: 'ECONNRESET' }), 'reset');
  assert.equal(downloadRetryReason({ kind: 'timeout' }), 'timeout');
  assert.equal(downloadRetryReason({ kind: 'too-large', bytes: 5, limit: 4 }), null);
  assert.equal(downloadRetryReason({ kind: 'aborted' }), null);
  const user = new AbortController();
  user.abort();
  assert.deepEqual(classifyThrown(new Error('x'), user.signal), { kind: 'aborted' });
  assert.deepEqual(classifyThrown(new DOMException('t', 'TimeoutError')), { kind: 'timeout' });
});

test('backoff grows exponentially, is capped and never zero', () => {
  assert.equal(backoffMs(1, { random: () => 1 }), 200);
  assert.equal(backoffMs(3, { random: () => 1 }), 800);
  assert.equal(backoffMs(30, { random: () => 1 }), 10_000);
  assert.equal(backoffMs(3, { random: () => 0 }), 50);
});

test('redact removes presigned URLs, signing parameters, access keys and known secrets', () => {
  const url = 'https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/1111/fn-abc?X-Amz-Security-Token=IQoJb3JpZ2luX2VjE&X-Amz-Signature=deadbeef';
  const msg = `GET ${url} failed: ECONNRESET (key ASIAXXXXXXXXEXAMPLE1, secret wJalrXUtnFEMI/K7MDENG)`;
  const out = redact(msg, ['wJalrXUtnFEMI/K7MDENG']);
  assert.ok(!out.includes('amazonaws.com'), out);
  assert.ok(!out.includes('deadbeef'), out);
  assert.ok(!out.includes('ASIAXXXXXXXXEXAMPLE1'), out);
  assert.ok(!out.includes('wJalrXUtnFEMI'), out);
  assert.ok(out.includes(REDACTED_URL));
  assert.ok(out.includes('ECONNRESET'), 'the useful part of the message stays');
  assert.equal(redact('X-Amz-Credential=AKIA/2024 rest'), 'X-Amz-Credential=[redacted] rest');
  assert.equal(redact('Authorization: AWS4-HMAC-SHA256 Credential=x'), 'Authorization: [redacted]');
  const r = new Redactor();
  r.add('sessiontoken-secret-value', undefined, 'abc');
  assert.equal(r.message(new Error('bad token sessiontoken-secret-value')), 'bad token [redacted]');
  assert.equal(r.redact('abc stays (too short to be a secret)'), 'abc stays (too short to be a secret)');
});

const keyInput = (over: Partial<AnalysisKeyInput> = {}): AnalysisKeyInput => ({
  toolVersion: '0.1.0',
  identity: { codeSha256: 'AAAA' },
  handler: 'app.handler',
  isLayer: false,
  ownPaths: ['a/**', 'b/**'],
  vendoredPaths: [],
  limits: { maxTotalBytes: 1, maxFileBytes: 2, maxEntries: 3 },
  ...over,
});

test('analysisKey depends on code, tool version, handler, paths, layer flag and limits, not on order', () => {
  const base = analysisKey(keyInput());
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(analysisKey(keyInput({ ownPaths: ['b/**', 'a/**'], limits: { maxEntries: 3, maxFileBytes: 2, maxTotalBytes: 1 } })), base);
  const variants = [
    keyInput({ toolVersion: '0.2.0' }),
    keyInput({ identity: { codeSha256: 'BBBB' } }),
    keyInput({ identity: { layerVersionArn: 'AAAA' } }),
    keyInput({ handler: 'other.handler' }),
    keyInput({ handler: null }),
    keyInput({ isLayer: true }),
    keyInput({ ownPaths: ['a/**'] }),
    keyInput({ vendoredPaths: ['v/**'] }),
    keyInput({ limits: { maxTotalBytes: 1, maxFileBytes: 2, maxEntries: 4 } }),
  ];
  const keys = new Set(variants.map(analysisKey));
  assert.equal(keys.size, variants.length);
  assert.ok(!keys.has(base));
});

test('defaultCacheDir honours XDG_CACHE_HOME, else ~/.cache', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u'), '/x/cache/lambda-audit');
  assert.equal(defaultCacheDir({}, '/home/u'), '/home/u/.cache/lambda-audit');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u'), '/home/u/.cache/lambda-audit');
});

const analysis: PackageAnalysis = {
  files: [
    {
      file: 'app.py',
      origin: 'own',
      package: null,
      findings: [
        { kind: 'call', primitive: 'threading.Lock', line: 3, column: 8, function: '<module>', scope: 'module', snippet: 'lock = threading.Lock()', status: 'open', reason: null },
      ],
    },
  ],
  sourceFiles: 1,
  parsedFiles: 1,
  sourceBytes: 40,
  parseErrors: [],
  notes: [],
  bytes: 200,
};

test('DirectoryCache round-trips atomically, ignores and overwrites corrupt entries', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'la-cache-'));
  const cache = new DirectoryCache(dir);
  const key = analysisKey(keyInput());
  assert.equal(await cache.get(key), null);
  await cache.put(key, { analysis, codeSha256: 'AAAA', codeSize: 200 });
  assert.deepEqual(await cache.get(key), { analysis, codeSha256: 'AAAA', codeSize: 200 });
  const path = cache.pathFor(key);
  const leftovers = (await readdir(join(path, '..'))).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, [], 'no temp files are left behind');
  const stored = await readFile(path, 'utf8');
  assert.ok(!stored.includes('PK\u0003\u0004'), 'entries hold analysis JSON only');

  await writeFile(path, stored.slice(0, stored.length / 2));
  assert.equal(await cache.get(key), null, 'a truncated entry is a miss');
  await writeFile(path, JSON.stringify({ schema: 1, key, codeSha256: 'AAAA', codeSize: 1, analysis: { files: 'nope' } }));
  assert.equal(await cache.get(key), null, 'a malformed entry is a miss');
  await cache.put(key, { analysis, codeSha256: 'AAAA', codeSize: 200 });
  assert.equal((await cache.get(key))?.codeSize, 200, 'a corrupt entry is overwritten');
  assert.equal(parseEntry(stored, analysisKey(keyInput({ handler: 'x.y' }))), null, 'an entry under another key is a miss');
});


test('planAccounts: all, lists, exclusions, non-active accounts, and no Organizations', () => {
  const org = [
    { id: '111111111111', name: 'mgmt', status: 'ACTIVE' },
    { id: '222222222222', name: 'prod', status: 'ACTIVE' },
    { id: '333333333333', name: 'old', status: 'SUSPENDED' },
  ];
  const caller = '111111111111';
  assert.deepEqual(
    planAccounts({ accounts: 'all', excludeAccounts: ['222222222222'], caller, org }).map((a) => [a.id, a.state]),
    [['111111111111', 'audit'], ['333333333333', 'skipped']],
  );
  assert.match(planAccounts({ accounts: 'all', excludeAccounts: [], caller, org })[2]!.reason ?? '', /SUSPENDED/);
  assert.deepEqual(planAccounts({ accounts: 'all', excludeAccounts: [], caller, org: null }).map((a) => [a.id, a.state]), [[caller, 'audit']]);
  assert.deepEqual(planAccounts({ accounts: 'all', excludeAccounts: [caller], caller, org: null }), []);
  assert.deepEqual(
    planAccounts({ accounts: ['222222222222', '999999999999', '222222222222'], excludeAccounts: [], caller, org }).map((a) => [a.id, a.state]),
    [['222222222222', 'audit'], ['999999999999', 'error']],
  );
  assert.deepEqual(planAccounts({ accounts: ['999999999999'], excludeAccounts: [], caller, org: null }).map((a) => a.state), ['audit']);
});

test('classifyFunction: filter first, images become skipped targets, python* targets, others counted', () => {
  const ctx = { account: '222222222222', accountName: 'prod', region: 'eu-west-1', matches: functionMatcher('api-*') };
  const arn = 'arn:aws:lambda:eu-west-1:222222222222:function:api-a';
  const py = classifyFunction(
    { FunctionName: 'api-a', FunctionArn: arn, Runtime: 'python3.12', Handler: 'app.h', CodeSha256: 'S', CodeSize: 5, LastModified: 'L', PackageType: 'Zip', Layers: [{ Arn: 'arn:l:1' }] },
    ctx,
  );
  assert.equal(py.kind, 'target');
  if (py.kind === 'target') {
    assert.deepEqual(
      { ...py.target },
      { id: arn, kind: 'function', status: 'scanned', reason: null, sourceFiles: 0, bytes: 0, notes: [], parseErrors: [], account: '222222222222', accountName: 'prod', region: 'eu-west-1', functionName: 'api-a', runtime: 'python3.12', handler: 'app.h', codeSha256: 'S', codeSize: 5, lastModified: 'L', packageType: 'Zip', layers: ['arn:l:1'] },
    );
  }
  const image = classifyFunction({ FunctionName: 'api-img', PackageType: 'Image' }, ctx);
  assert.ok(image.kind === 'image' && image.target.status === 'skipped' && image.target.reason === IMAGE_REASON && image.target.runtime === undefined);
  assert.equal(classifyFunction({ FunctionName: 'api-node', Runtime: 'nodejs20.x' }, ctx).kind, 'other-runtime');
  assert.equal(classifyFunction({ FunctionName: 'worker', Runtime: 'python3.12' }, ctx).kind, 'filtered');
  assert.equal(classifyFunction({ FunctionName: 'x', Runtime: 'python3.9' }, { ...ctx, accountName: null, matches: functionMatcher('*') }).kind, 'target');
});

test('parseLayerArn and fleetCounts', () => {
  assert.deepEqual(parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:my-layer_2:7'), { region: 'us-east-1', account: '123456789012', name: 'my-layer_2', version: '7' });
  assert.equal(parseLayerArn('arn:aws:lambda:us-east-1:123456789012:layer:my-layer'), null);
  const t = (kind: 'function' | 'layer', status: 'scanned' | 'skipped' | 'error') => ({ id: `${kind}${status}`, kind, status, reason: null, sourceFiles: 0, bytes: 0, notes: [], parseErrors: [] });
  const fleet = fleetCounts({
    organization: 'listed',
    accounts: [{ state: 'scanned' }, { state: 'error' }, { state: 'skipped' }],
    regions: [{ state: 'scanned' }, { state: 'error' }],
    functionsListed: 10,
    otherRuntimes: 3,
    targets: [t('function', 'scanned'), t('function', 'skipped'), t('function', 'error'), t('layer', 'scanned'), t('layer', 'skipped')],
  });
  assert.deepEqual(fleet, {
    organization: 'listed',
    accounts: { total: 3, scanned: 1, skipped: 1, error: 1 },
    regions: { total: 2, scanned: 1, error: 1 },
    functions: { total: 10, scanned: 1, skipped: 1, error: 1, otherRuntimes: 3, filtered: 4 },
    layers: { total: 2, scanned: 1, error: 0 },
  });
});

test('memoizeCredentials reuses a credential until shortly before expiry and never caches a failure', async () => {
  let now = 0;
  let calls = 0;
  let fail = true;
  const provider = memoizeCredentials(async () => {
    calls++;
    if (fail) throw new Error('denied');
    return { accessKeyId: `k${calls}`, secretAccessKey: 's', expiration: new Date(now + 3_600_000) };
  }, () => now);
  await assert.rejects(provider(), /denied/);
  fail = false;
  assert.equal((await provider()).accessKeyId, 'k2');
  now += 50 * 60_000;
  assert.equal((await provider()).accessKeyId, 'k2');
  now += 6 * 60_000;
  assert.equal((await provider()).accessKeyId, 'k3', 'refreshed within 5 minutes of expiry');
});

test('toAuditError keeps typed errors, scrubs messages, maps denials to access errors', () => {
  const r = new Redactor();
  r.add('SECRETSECRET');
  const archive = new ArchiveError('zip bomb', { target: 'x' });
  assert.equal(toAuditError(archive, 'x', r), archive);
  const leaked = toAuditError(new ArchiveError('bad https://bucket/key?X-Amz-Signature=1 SECRETSECRET', { target: 'x' }), 'x', r);
  assert.equal(leaked.message, `bad ${REDACTED_URL} [redacted]`);
  assert.equal(leaked.code, 'archive');
  const denied = toAuditError(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }), 'fn', r);
  assert.ok(denied instanceof AccessError && denied.target === 'fn');
  assert.equal(toAuditError(new Error('boom'), 'fn', r).code, 'fetch');
});
