import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { codeSha256, downloadOnce, DownloadFailed, fetchCode } from '../../src/fetch/download.js';
import { FetchError } from '../../src/core/errors.js';

const body = Buffer.alloc(300_000, 7);
const sha = codeSha256(body);
let server: Server;
let base = '';
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const n = hits.get(path)!;
    const half = body.subarray(0, body.length / 2);
    switch (path) {
      case '/ok':
        return void res.writeHead(200, { 'content-length': body.length }).end(body);
      case '/expired':
        return void res.writeHead(403).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      case '/reset':
        res.writeHead(200, { 'content-length': body.length });
        return void res.write(half, () => setTimeout(() => res.socket?.resetAndDestroy(), 20));
      case '/short':
        res.writeHead(200, { 'content-length': body.length });
        return void res.write(half, () => setTimeout(() => res.socket?.end(), 20));
      case '/corrupt':
        return void res.writeHead(200, { 'content-length': body.length }).end(Buffer.alloc(body.length, 8));
      case '/unbounded':
        // No Content-Length: the cap must be enforced while streaming.
        res.writeHead(200);
        return void res.end(body);
      case '/slow':
        res.writeHead(200, { 'content-length': body.length });
        return void res.write(half);
      case '/flaky':
        if (n < 3) return void res.writeHead(502).end();
        return void res.writeHead(200, { 'content-length': body.length }).end(body);
      default:
        return void res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

const limits = { maxDownloadBytes: 1_000_000, downloadTimeoutMs: 2_000 };
const secretUrl = (path: string) => `${base}${path}?X-Amz-Signature=topsecret&X-Amz-Security-Token=tok`;

async function failure(path: string, l = limits) {
  try {
    await downloadOnce(secretUrl(path), sha, l, undefined, () => {});
  } catch (err) {
    assert.ok(err instanceof DownloadFailed);
    assert.ok(!err.message.includes('topsecret') && !err.message.includes('127.0.0.1'), err.message);
    return err.failure;
  }
  throw new Error('expected a failure');
}

test('downloadOnce verifies length and CodeSha256 and reports progress', async () => {
  const progress: number[] = [];
  const data = await downloadOnce(secretUrl('/ok'), sha, limits, undefined, (b) => progress.push(b));
  assert.equal(data.length, body.length);
  assert.equal(progress.at(-1), body.length);
});

test('downloadOnce classifies 403, reset, early close, corrupt body, oversize and timeout', async () => {
  assert.deepEqual(await failure('/expired'), { kind: 'status', status: 403 });
  assert.deepEqual(await failure('/reset'), { kind: 'network', code: 'ECONNRESET' });
  assert.equal((await failure('/short')).kind, 'truncated');
  assert.deepEqual(await failure('/corrupt'), { kind: 'checksum' });
  assert.deepEqual(await failure('/ok', { ...limits, maxDownloadBytes: 1000 }), { kind: 'too-large', bytes: body.length, limit: 1000 });
  const unbounded = await failure('/unbounded', { ...limits, maxDownloadBytes: 100_000 });
  assert.equal(unbounded.kind, 'too-large');
  assert.deepEqual(await failure('/slow', { ...limits, downloadTimeoutMs: 200 }), { kind: 'timeout' });
});

test('fetchCode retries 5xx with backoff, asks for a fresh URL on 403, and gives up with a URL-free FetchError', async () => {
  const reasons: string[] = [];
  const got = await fetchCode({
    target: 't1',
    locate: async () => ({ url: secretUrl('/flaky'), codeSha256: sha }),
    limits: { ...limits, downloadRetries: 3 },
    onProgress: () => {},
    onRetry: (r) => reasons.push(r),
    backoff: () => 1,
  });
  assert.equal(got.data.length, body.length);
  assert.deepEqual(reasons, ['server', 'server']);

  let locates = 0;
  const fresh = await fetchCode({
    target: 't2',
    locate: async () => ({ url: secretUrl(locates++ === 0 ? '/expired' : '/ok'), codeSha256: sha }),
    limits: { ...limits, downloadRetries: 3 },
    onProgress: () => {},
    onRetry: () => {},
    backoff: () => 1,
  });
  assert.equal(fresh.data.length, body.length);
  assert.equal(locates, 2, 'an expired URL is located again');

  await assert.rejects(
    fetchCode({ target: 't3', locate: async () => ({ url: secretUrl('/corrupt'), codeSha256: sha }), limits: { ...limits, downloadRetries: 1 }, onProgress: () => {}, onRetry: () => {}, backoff: () => 1 }),
    (err: unknown) => err instanceof FetchError && err.target === 't3' && /do not match the CodeSha256/.test(err.message) && !/topsecret|127\.0\.0\.1/.test(err.message + String((err as Error).cause)),
  );
});

test('keep-alive connections serve many downloads without piling up listeners', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.name);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < 30; i++) {
      const data = await downloadOnce(secretUrl('/ok'), sha, limits, undefined, () => {});
      assert.equal(data.length, body.length);
    }
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
  }
});
