/**
 * Downloads of presigned code URLs. The URL is a bearer secret: it is passed to the HTTP client and
 * nowhere else; every message built here describes the failure without it.
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent, get as httpGet, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, get as httpsGet } from 'node:https';
import { FetchError } from '../core/errors.js';
import type { DownloadFailure, RetryReason } from '../fleet/classify.js';
import { backoffMs, classifyThrown, downloadRetryReason } from '../fleet/classify.js';
import { sleep } from '../fleet/rate-limit.js';

export class DownloadFailed extends Error {
  constructor(readonly failure: DownloadFailure) {
    super(describeFailure(failure));
    this.name = 'DownloadFailed';
  }
}

export function describeFailure(f: DownloadFailure): string {
  switch (f.kind) {
    case 'status':
      return f.status === 403 ? 'download denied (HTTP 403: URL expired or not authorised)' : `download failed with HTTP ${f.status}`;
    case 'truncated':
      return `download truncated: ${f.received} of ${f.expected} bytes`;
    case 'checksum':
      return 'downloaded bytes do not match the CodeSha256 Lambda reported';
    case 'too-large':
      return `package is over the download cap of ${f.limit} bytes (maxDownloadBytes)`;
    case 'timeout':
      return 'download timed out (downloadTimeoutMs)';
    case 'aborted':
      return 'download aborted';
    case 'network':
      return `connection failed${f.code ? ` (${f.code})` : ''}`;
  }
}

export interface DownloadLimits {
  maxDownloadBytes: number;
  downloadTimeoutMs: number;
  downloadRetries: number;
}

/** base64(sha256(data)), Lambda's CodeSha256 format. */
export function codeSha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

// Keep-alive agents: hundreds of downloads from the same S3 endpoint reuse their connections.
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) } as const;

/** GET with node:http(s): its Buffer chunks cost far less per byte than fetch's web streams. */
function get(url: string, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new DownloadFailed({ kind: 'network', code: 'EPROTO' }));
      return;
    }
    const send = target.protocol === 'https:' ? httpsGet : httpGet;
    send(target, { agent: agents[target.protocol], signal }, resolve).on('error', reject);
  });
}

/** One attempt: streams the body under the size cap and verifies length and hash. Throws DownloadFailed. */
export async function downloadOnce(
  url: string,
  expectedSha256: string,
  limits: Pick<DownloadLimits, 'maxDownloadBytes' | 'downloadTimeoutMs'>,
  signal: AbortSignal | undefined,
  onProgress: (bytes: number, total: number | null) => void,
): Promise<Buffer> {
  const timeout = AbortSignal.timeout(limits.downloadTimeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let received = 0;
  let expected: number | null = null;
  let socketError: string | undefined;
  const onSocketError = (err: NodeJS.ErrnoException): void => void (socketError = err.code);
  let socket: IncomingMessage['socket'] | null = null;
  try {
    const res = await get(url, combined);
    // Keep-alive sockets serve many downloads: the listener goes when this one ends (finally).
    socket = res.socket;
    socket.on('error', onSocketError);
    if (res.statusCode !== 200) {
      res.resume();
      throw new DownloadFailed({ kind: 'status', status: res.statusCode ?? 0 });
    }
    const header = res.headers['content-length'];
    expected = header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
    if (expected !== null && expected > limits.maxDownloadBytes) {
      res.destroy();
      throw new DownloadFailed({ kind: 'too-large', bytes: expected, limit: limits.maxDownloadBytes });
    }
    // Bytes go straight into one buffer of the announced size and into the hash as they arrive: no
    // second copy of the package, and the SHA-256 is ready when the last chunk is.
    let body = Buffer.allocUnsafe(expected ?? 1_048_576);
    const hash = createHash('sha256');
    let lastReport = 0;
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        res.destroy();
        reject(err);
      };
      res.on('data', (chunk: Buffer) => {
        const at = received;
        received += chunk.length;
        if (received > limits.maxDownloadBytes) return fail(new DownloadFailed({ kind: 'too-large', bytes: received, limit: limits.maxDownloadBytes }));
        if (received > body.length) {
          if (expected !== null) return fail(new DownloadFailed({ kind: 'truncated', received, expected }));
          const grown = Buffer.allocUnsafe(Math.min(limits.maxDownloadBytes, Math.max(received, body.length * 2)));
          body.copy(grown, 0, 0, at);
          body = grown;
        }
        chunk.copy(body, at);
        hash.update(chunk);
        // Progress every 256 KiB keeps the event stream small for big packages.
        if (received - lastReport >= 262_144) {
          lastReport = received;
          onProgress(received, expected);
        }
      });
      res.on('end', resolve);
      res.on('error', reject);
    });
    if (expected !== null && received !== expected) throw new DownloadFailed({ kind: 'truncated', received, expected });
    const data = received === body.length ? body : body.subarray(0, received);
    onProgress(received, expected);
    if (hash.digest('base64') !== expectedSha256) throw new DownloadFailed({ kind: 'checksum' });
    return data;
  } catch (err) {
    if (err instanceof DownloadFailed) throw err;
    if (timeout.aborted && !signal?.aborted) throw new DownloadFailed({ kind: 'timeout' });
    const failure = classifyThrown(err, signal);
    // node:http reports both a reset and a clean early close as "aborted"; only a reset errors the socket.
    if (failure.kind === 'network' && socketError !== 'ECONNRESET' && expected !== null && received < expected) {
      throw new DownloadFailed({ kind: 'truncated', received, expected });
    }
    throw new DownloadFailed(socketError === 'ECONNRESET' ? { kind: 'network', code: 'ECONNRESET' } : failure);
  } finally {
    socket?.off('error', onSocketError);
  }
}

export interface CodeLocation {
  url: string;
  codeSha256: string;
}

export interface FetchCodeOptions {
  /** Target id, for errors. */
  target: string;
  /** Asks Lambda for a (fresh) presigned URL: GetFunction / GetLayerVersionByArn. */
  locate: () => Promise<CodeLocation>;
  limits: DownloadLimits;
  signal?: AbortSignal;
  onProgress: (bytes: number, total: number | null) => void;
  onRetry: (reason: RetryReason, attempt: number) => void;
  /** Injectable for tests. */
  backoff?: (attempt: number) => number;
}

export interface FetchedCode {
  data: Buffer;
  codeSha256: string;
}

/**
 * Downloads with retries: resets, 5xx, timeouts and truncation back off and try again; a 403 (an
 * expired URL) asks for a fresh URL first. Throws FetchError (message without the URL).
 */
export async function fetchCode(opts: FetchCodeOptions): Promise<FetchedCode> {
  let location = await opts.locate();
  const backoff = opts.backoff ?? ((a: number) => backoffMs(a, { baseMs: 250, maxMs: 8_000 }));
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await downloadOnce(location.url, location.codeSha256, opts.limits, opts.signal, opts.onProgress);
      return { data, codeSha256: location.codeSha256 };
    } catch (err) {
      const failure = err instanceof DownloadFailed ? err.failure : classifyThrown(err, opts.signal);
      const reason = downloadRetryReason(failure);
      if (reason === null || attempt > opts.limits.downloadRetries || opts.signal?.aborted) {
        const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
        throw new FetchError(`${describeFailure(failure)}${tries}`, { target: opts.target, cause: new DownloadFailed(failure) });
      }
      opts.onRetry(reason, attempt + 1);
      if (reason === 'expired') location = await opts.locate();
      else await sleep(backoff(attempt), opts.signal);
    }
  }
}
