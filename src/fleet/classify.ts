/** Pure classification of AWS SDK and download failures: what happened, and whether to try again. */

export type AwsErrorClass = 'throttled' | 'denied' | 'org-unavailable' | 'not-found' | 'server' | 'network' | 'aborted' | 'other';

const THROTTLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'TooManyRequests',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'EC2ThrottledException',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
]);

const DENIED_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AccessDeniedForDependencyException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthFailure',
  'Forbidden',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'OptInRequired',
  'ExpiredToken',
  'ExpiredTokenException',
  'RegionDisabledException',
  'InvalidIdentityToken',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $fault?: unknown;
}

function shape(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : {};
}

/** The AWS error code (`AccessDeniedException` …) or the node error code, when there is one. */
export function errorName(err: unknown): string {
  const e = shape(err);
  for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  return 'Error';
}

function networkCode(err: unknown, depth = 0): string | null {
  const e = shape(err);
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  if (depth < 3 && e.cause !== undefined) return networkCode(e.cause, depth + 1);
  return null;
}

export function classifyAwsError(err: unknown): AwsErrorClass {
  const e = shape(err);
  const name = errorName(err);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : null;
  if (name === 'AbortError') return 'aborted';
  if (THROTTLE_NAMES.has(name) || status === 429) return 'throttled';
  if (name === 'AWSOrganizationsNotInUseException') return 'org-unavailable';
  if (DENIED_NAMES.has(name) || status === 401 || status === 403) return 'denied';
  if (name === 'ResourceNotFoundException' || status === 404) return 'not-found';
  if (networkCode(err) !== null || name === 'TimeoutError') return 'network';
  if (e.$fault === 'server' || (status !== null && status >= 500)) return 'server';
  return 'other';
}

export type RetryReason = 'throttled' | 'reset' | 'truncated' | 'expired' | 'server' | 'timeout' | 'other';

/** Why an AWS API call may be worth repeating, or null when it is not. */
export function awsRetryReason(err: unknown): RetryReason | null {
  switch (classifyAwsError(err)) {
    case 'throttled':
      return 'throttled';
    case 'server':
      return 'server';
    case 'network':
      return errorName(err) === 'TimeoutError' ? 'timeout' : 'reset';
    default:
      return null;
  }
}

/** What went wrong with one download attempt. `expired` means: fetch a fresh URL first. */
export type DownloadFailure =
  | { kind: 'status'; status: number }
  | { kind: 'truncated'; received: number; expected: number }
  | { kind: 'checksum' }
  | { kind: 'too-large'; bytes: number; limit: number }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'network'; code: string | null };

export function downloadRetryReason(f: DownloadFailure): RetryReason | null {
  switch (f.kind) {
    case 'status':
      if (f.status === 403 || f.status === 401) return 'expired';
      if (f.status === 429) return 'throttled';
      if (f.status >= 500) return 'server';
      return null;
    case 'truncated':
      return 'truncated';
    // Full length with the wrong hash: most likely a body corrupted in transit, so one more try is cheap.
    case 'checksum':
      return 'other';
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'reset';
    case 'too-large':
    case 'aborted':
      return null;
  }
}

/** Maps a thrown fetch/stream error to a download failure. */
export function classifyThrown(err: unknown, userSignal?: AbortSignal): DownloadFailure {
  if (userSignal?.aborted) return { kind: 'aborted' };
  const name = errorName(err);
  if (name === 'TimeoutError') return { kind: 'timeout' };
  if (name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'network', code: networkCode(err) };
}

/** Exponential backoff with full jitter; `random` is injectable for tests. */
export function backoffMs(attempt: number, opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 200;
  const max = opts.maxMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const r = (opts.random ?? Math.random)();
  // Never zero: a retry storm against a throttled API must always slow down a little.
  return Math.max(Math.round(base / 4), Math.round(ceiling * r));
}
