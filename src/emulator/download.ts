/** S3-like presigned downloads of deployment packages, served from memory with injectable faults. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { codeSha256 } from './model.js';
import type { CodeUrl, State } from './state.js';
import type { CallRecord } from './types.js';
import { escapeXml } from './wire.js';

const URL_SECRET = randomBytes(32);
const CHUNK = 64 * 1024;
/** Long demo runs hand out many URLs; expired ones are dropped (they then answer NoSuchKey rather than expired). */
const PRUNE_AT = 10_000;

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Hands out `BASE/code/TOKEN?X-Amz-…&X-Amz-Signature=…` for one object. */
export function issueCodeUrl(state: State, item: { object: string; zip: Buffer; account: string; region: string }): string {
  const now = state.options.now();
  const ttl = typeof state.faults.expireUrls === 'number' ? state.faults.expireUrls : state.options.urlTtlSeconds;
  const token = randomBytes(16).toString('hex');
  const date = amzDate(now);
  if (state.codeUrls.size >= PRUNE_AT) {
    for (const [t, e] of state.codeUrls) if (e.expiresAt <= now) state.codeUrls.delete(t);
  }
  const signature = createHmac('sha256', URL_SECRET).update(`${token}\n${date}\n${ttl}`).digest('hex');
  state.codeUrls.set(token, { ...item, expiresAt: now + ttl * 1000, signature });
  const q = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `ASIAEMULATORCODE0000/${date.slice(0, 8)}/${item.region}/s3/aws4_request`,
    'X-Amz-Date': date,
    'X-Amz-Expires': String(ttl),
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': signature,
  });
  return `${state.baseUrl}/code/${token}?${q.toString()}`;
}

function sendS3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
    'utf8',
  );
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length });
  res.end(body);
}

/** Inclusive byte range from a `Range: bytes=…` header; null → whole object, 'invalid' → 416. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  if (m[1] === '') {
    const n = Math.min(Number(m[2]), size);
    return n > 0 ? { start: size - n, end: size - 1 } : 'invalid';
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start < size && start <= end ? { start, end } : 'invalid';
}

/** Resolves once the chunk is handed to the socket (so large bodies respect backpressure); false if the client went away. */
function writeChunk(res: ServerResponse, chunk: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const onClose = (): void => resolve(false);
    res.once('close', onClose);
    res.write(chunk, (err) => {
      res.off('close', onClose);
      resolve(!err);
    });
  });
}

/** Writes views of the buffer, never copies; in slow mode 64 KiB at a time with a pause between. */
async function writeBody(res: ServerResponse, body: Buffer, slowMs: number): Promise<boolean> {
  const step = slowMs > 0 ? CHUNK : Math.max(body.length, 1);
  for (let off = 0; off < body.length; off += step) {
    if (!(await writeChunk(res, body.subarray(off, off + step)))) return false;
    if (slowMs > 0 && off + step < body.length) await sleep(slowMs);
  }
  return !res.destroyed;
}

export async function serveDownload(state: State, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const token = url.pathname.slice('/code/'.length);
  const entry: CodeUrl | undefined = state.codeUrls.get(token);
  const record: CallRecord = {
    service: 'download',
    operation: 'GetObject',
    account: entry?.account ?? null,
    region: entry?.region ?? 'us-east-1',
    at: state.options.now(),
    status: 0,
    ...(entry ? { object: entry.object, codeSha256: codeSha256(entry.zip) } : {}),
  };
  state.calls.push(record);
  const fail = (status: number, code: string, message: string): void => {
    record.status = status;
    record.error = code;
    sendS3Error(res, status, code, message);
  };

  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  if (!entry) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
  if (url.searchParams.get('X-Amz-Signature') !== entry.signature) {
    return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  if (state.faults.expireUrls === true || state.options.now() >= entry.expiresAt) return fail(403, 'AccessDenied', 'Request has expired');

  const zip = entry.zip;
  const range = parseRange(req.headers.range, zip.length);
  if (range === 'invalid') return fail(416, 'InvalidRange', 'The requested range is not satisfiable');
  const body = range ? zip.subarray(range.start, range.end + 1) : zip;
  const headers: Record<string, string | number> = {
    'content-type': 'application/zip',
    'content-length': body.length,
    'accept-ranges': 'bytes',
    etag: `"${Buffer.from(codeSha256(zip), 'base64').subarray(0, 16).toString('hex')}"`,
  };
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${zip.length}`;
  record.status = range ? 206 : 200;
  res.writeHead(record.status, headers);
  if (req.method === 'HEAD') return void res.end();

  const attempt = (state.attempts.get(entry.object) ?? 0) + 1;
  state.attempts.set(entry.object, attempt);
  const resets = state.faults.resetDownloads ?? 0;
  const fault = attempt <= resets ? 'reset' : attempt <= resets + (state.faults.truncateDownloads ?? 0) ? 'truncated' : null;
  const slowMs = state.faults.slowBodyMs ?? 0;

  if (!fault) {
    if (slowMs <= 0) return void res.end(body);
    if (await writeBody(res, body, slowMs)) res.end();
    return;
  }
  record.error = fault;
  // Half the body, so the client has seen headers and some bytes before the connection goes.
  const part = body.subarray(0, Math.floor(body.length / 2));
  res.flushHeaders();
  if (!(await writeBody(res, part, slowMs))) return;
  const socket = res.socket;
  if (!socket) return;
  if (fault === 'reset') socket.resetAndDestroy();
  else socket.end();
}
