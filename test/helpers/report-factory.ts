/**
 * Deterministic builder of realistic synthetic fleet reports for tests and benchmarks.
 * Shapes follow a real Organization: the same function name deployed to several accounts/regions
 * (so fingerprints repeat across targets), vendored libraries with their own threading, a few
 * skipped and failed targets, account/region errors and an optional baseline comparison.
 */
import { fingerprint } from '../../src/core/fingerprint.js';
import { seededRandom } from '../../src/emulator/wire.js';
import { AP01, findingMessage } from '../../src/rules/ap01/meta.js';
import type {
  BaselineEntry,
  Finding,
  FindingStatus,
  Report,
  ReportError,
  Summary,
  Target,
} from '../../src/core/types.js';

export interface ReportFactoryOptions {
  /** Exact number of findings to produce. */
  findings: number;
  accounts?: number;
  regions?: readonly string[];
  seed?: number;
  /** Add baseline states, firstSeen, trend and fixed[]. */
  baseline?: boolean;
  skippedTargets?: number;
  errorTargets?: number;
  interrupted?: boolean;
}

/** Payloads that must show as text and never run. */
export const XSS_PAYLOADS = {
  img: '<img src=x onerror=window.__xss=1>',
  script: '</script><script>window.__xss=1</script>',
  svg: '"><svg onload=window.__xss=1>',
} as const;

type Location = Pick<Finding, 'kind' | 'primitive' | 'file' | 'line' | 'column' | 'function' | 'scope' | 'origin' | 'package' | 'status' | 'reason' | 'snippet'>;

type Template = Omit<Location, 'status' | 'reason' | 'origin' | 'package' | 'file'>;

const OWN_TEMPLATES: readonly Template[] = [
  { kind: 'import', primitive: 'threading', line: 3, column: 1, function: '<module>', scope: 'module', snippet: 'import threading' },
  { kind: 'call', primitive: 'threading.Lock', line: 12, column: 8, function: '<module>', scope: 'module', snippet: 'lock = threading.Lock()' },
  { kind: 'call', primitive: 'threading.RLock', line: 18, column: 14, function: '<module>', scope: 'module', snippet: '_cache_lock = threading.RLock()' },
  { kind: 'import', primitive: 'concurrent.futures.ThreadPoolExecutor', line: 5, column: 1, function: '<module>', scope: 'module', snippet: 'from concurrent.futures import ThreadPoolExecutor' },
  { kind: 'call', primitive: 'concurrent.futures.ThreadPoolExecutor', line: 41, column: 10, function: 'lambda_handler', scope: 'function', snippet: 'with ThreadPoolExecutor(max_workers=10) as pool:' },
  { kind: 'call', primitive: 'threading.Thread', line: 57, column: 9, function: 'Poller.start', scope: 'function', snippet: 't = threading.Thread(target=self._poll, daemon=True)' },
  { kind: 'subclass', primitive: 'threading.Thread', line: 22, column: 1, function: '<module>', scope: 'module', snippet: 'class Worker(threading.Thread):' },
  { kind: 'call', primitive: 'threading.Semaphore', line: 9, column: 7, function: '<module>', scope: 'module', snippet: 'sem = threading.Semaphore(5)' },
  { kind: 'call', primitive: 'threading.Event', line: 30, column: 12, function: 'Consumer.__init__', scope: 'function', snippet: 'self._stop = threading.Event()' },
  { kind: 'dynamic-import', primitive: 'threading', line: 77, column: 5, function: 'load_plugins', scope: 'function', snippet: 'mod = importlib.import_module("threading")' },
  { kind: 'call', primitive: 'multiprocessing.pool.ThreadPool', line: 64, column: 12, function: 'fan_out', scope: 'function', snippet: 'pool = ThreadPool(processes=4)' },
];

const OWN_FILES = ['app.py', 'handler.py', 'lambda_function.py', 'lib/cache.py', 'lib/clients.py', 'service/worker.py', 'service/batch.py'];

interface VendoredTemplate extends Template {
  package: string;
  file: string;
}

const VENDORED: readonly VendoredTemplate[] = [
  { package: 'urllib3', file: 'urllib3/connectionpool.py', kind: 'import', primitive: 'threading', line: 7, column: 1, function: '<module>', scope: 'module', snippet: 'import threading' },
  { package: 'urllib3', file: 'urllib3/util/ssl_.py', kind: 'call', primitive: 'threading.Lock', line: 112, column: 14, function: '<module>', scope: 'module', snippet: '_ssl_lock = threading.Lock()' },
  { package: 'botocore', file: 'botocore/credentials.py', kind: 'call', primitive: 'threading.Lock', line: 389, column: 27, function: 'RefreshableCredentials.__init__', scope: 'function', snippet: 'self._refresh_lock = threading.Lock()' },
  { package: 'boto3', file: 'boto3/s3/transfer.py', kind: 'import', primitive: 'threading', line: 126, column: 1, function: '<module>', scope: 'module', snippet: 'import threading' },
  { package: 's3transfer', file: 's3transfer/futures.py', kind: 'call', primitive: 'concurrent.futures.ThreadPoolExecutor', line: 402, column: 26, function: 'BoundedExecutor.__init__', scope: 'function', snippet: 'self._executor = executor_cls(max_workers=max_size)' },
  { package: 'requests', file: 'requests/sessions.py', kind: 'import', primitive: 'threading', line: 12, column: 1, function: '<module>', scope: 'module', snippet: 'import threading' },
  { package: 'aws-xray-sdk', file: 'aws_xray_sdk/core/emitters/udp_emitter.py', kind: 'call', primitive: 'threading.Lock', line: 44, column: 21, function: 'UDPEmitter.__init__', scope: 'function', snippet: 'self._lock = threading.Lock()' },
  { package: 'opentelemetry-sdk', file: 'opentelemetry/sdk/trace/export/__init__.py', kind: 'call', primitive: 'threading.Thread', line: 210, column: 23, function: 'BatchSpanProcessor.__init__', scope: 'function', snippet: 'self.worker_thread = threading.Thread(name="OtelBatchSpanProcessor", target=self.worker, daemon=True)' },
  { package: 'sentry-sdk', file: '.requirements.zip!/sentry_sdk/worker.py', kind: 'call', primitive: 'threading.Lock', line: 20, column: 22, function: 'BackgroundWorker.__init__', scope: 'function', snippet: 'self._lock = threading.Lock()' },
  { package: 'pymysql', file: 'pymysql/connections.py', kind: 'call', primitive: 'threading.RLock', line: 88, column: 13, function: '<module>', scope: 'module', snippet: '_lock = threading.RLock()' },
];

const DOMAINS = ['orders', 'billing', 'payments', 'inventory', 'users', 'search', 'notify', 'reports', 'ingest', 'audit', 'catalog', 'shipping'];
const ROLES = ['api', 'worker', 'consumer', 'cron', 'webhook', 'etl', 'authorizer', 'sync'];
const ACCOUNT_NAMES = ['prod-core', 'prod-payments', 'staging', 'dev-sandbox', 'data-platform', 'shared-services', 'security', 'analytics'];
const RUNTIMES = ['python3.12', 'python3.11', 'python3.13', 'python3.9'];
const SKIP_REASONS = [
  'package type Image: container images are not scanned',
  'code size 262144000 bytes exceeds --max-code-size',
  'excluded by --exclude "legacy-*"',
];
const ERROR_REASONS = [
  'AccessDeniedException: User is not authorized to perform lambda:GetFunction',
  'download timed out after 30 s',
  'archive is corrupt: invalid central directory',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function ownStatus(r: () => number): { status: FindingStatus; reason: string | null } {
  const x = r();
  if (x < 0.8) return { status: 'open', reason: null };
  if (x < 0.92) return { status: 'acknowledged', reason: 'Tech debt: migrate to asyncio.gather by Q3 (PLAT-1423)' };
  return { status: 'suppressed', reason: 'lambda-audit: ignore AP-01 -- lock guards a signal handler' };
}

function profileFor(r: () => number): Location[] {
  const out: Location[] = [];
  const own = Math.floor(r() * 7);
  for (let i = 0; i < own; i++) {
    const t = pick(r, OWN_TEMPLATES);
    const file = pick(r, OWN_FILES);
    out.push({ ...t, file, line: t.line + i * 3, origin: 'own', package: null, ...ownStatus(r) });
  }
  for (const v of VENDORED) {
    if (r() < 0.45) {
      const { package: pkg, ...t } = v;
      out.push({ ...t, origin: 'vendored', package: pkg, status: 'open', reason: null });
    }
  }
  return out;
}

function accountId(i: number): string {
  return String(111122220000 + i * 1111).padStart(12, '0');
}

export function buildReport(opts: ReportFactoryOptions): Report {
  const r = seededRandom(opts.seed ?? 42);
  const nAccounts = opts.accounts ?? 4;
  const regions = opts.regions ?? ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
  const startedAt = '2026-03-02T08:00:00.000Z';
  const targets: Target[] = [];
  const findings: Finding[] = [];
  const fixed: BaselineEntry[] = [];

  const fleetTarget = (name: string, acct: number, region: string, status: Target['status'], reason: string | null): Target => {
    const account = accountId(acct);
    return {
      id: `arn:aws:lambda:${region}:${account}:function:${name}`,
      kind: 'function',
      status,
      reason,
      sourceFiles: status === 'scanned' ? 5 + Math.floor(r() * 400) : 0,
      bytes: status === 'scanned' ? 20_000 + Math.floor(r() * 30_000_000) : 0,
      notes: [],
      parseErrors: [],
      account,
      accountName: ACCOUNT_NAMES[acct % ACCOUNT_NAMES.length]!,
      region,
      functionName: name,
      runtime: pick(r, RUNTIMES),
      handler: 'app.lambda_handler',
      packageType: 'Zip',
      lastModified: '2026-02-11T10:21:33.000+0000',
    };
  };

  let fnIndex = 0;
  while (findings.length < opts.findings) {
    const name = `${pick(r, DOMAINS)}-${pick(r, ROLES)}-${fnIndex++}`;
    const profile = profileFor(r);
    const ids = profile.map((loc, i) =>
      fingerprint({ rule: AP01.id, owner: name, file: loc.file, lineText: loc.snippet, occurrence: i }),
    );
    const isNew = profile.map(() => opts.baseline === true && r() < 0.15);
    const deployments = 1 + Math.floor(r() * 4);
    const used = new Set<string>();
    for (let d = 0; d < deployments && findings.length < opts.findings; d++) {
      const acct = Math.floor(r() * nAccounts);
      const region = pick(r, regions);
      if (used.has(`${acct}/${region}`)) continue;
      used.add(`${acct}/${region}`);
      const target = fleetTarget(name, acct, region, 'scanned', null);
      if (r() < 0.03) target.parseErrors.push({ file: 'legacy/py2_compat.py', line: 14, message: 'syntax error near print statement' });
      targets.push(target);
      profile.forEach((loc, i) => {
        if (findings.length >= opts.findings) return;
        const f: Finding = {
          id: ids[i]!,
          target: target.id,
          rule: AP01.id,
          ...loc,
          message: findingMessage(loc.primitive, loc.kind),
        };
        if (opts.baseline === true) {
          f.baseline = isNew[i] ? 'new' : 'unchanged';
          f.firstSeen = isNew[i] ? startedAt : '2025-12-01T09:00:00.000Z';
        }
        findings.push(f);
      });
    }
    if (opts.baseline === true && r() < 0.1) {
      fixed.push({
        id: fingerprint({ rule: AP01.id, owner: name, file: 'app.py', lineText: 'old_lock = threading.Lock()', occurrence: 0 }),
        rule: AP01.id,
        file: 'app.py',
        primitive: 'threading.Lock',
        owner: name,
        status: 'open',
        reason: null,
        firstSeen: '2025-11-20T09:00:00.000Z',
      });
    }
  }

  for (let i = 0; i < (opts.skippedTargets ?? 3); i++) {
    targets.push(fleetTarget(`legacy-skip-${i}`, i % nAccounts, pick(r, regions), 'skipped', pick(r, SKIP_REASONS)));
  }
  for (let i = 0; i < (opts.errorTargets ?? 2); i++) {
    targets.push(fleetTarget(`broken-${i}`, i % nAccounts, pick(r, regions), 'error', pick(r, ERROR_REASONS)));
  }
  const errors: ReportError[] = targets
    .filter((t) => t.status === 'error')
    .map((t) => ({ target: t.id, code: 'TargetFailed', message: t.reason ?? 'failed' }));
  errors.push({
    target: `region:${accountId(0)}/${regions[regions.length - 1]!}`,
    code: 'ThrottlingException',
    message: 'Rate exceeded while listing functions; retried 5 times',
  });

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'lambda-audit', version: '0.1.0' },
    startedAt,
    finishedAt: '2026-03-02T08:07:42.000Z',
    targets,
    findings,
    errors,
    summary: summarize(targets, findings, { interrupted: opts.interrupted ?? false, nAccounts, regions, fixed: opts.baseline === true ? fixed.length : undefined }),
  };
  if (opts.baseline === true) report.fixed = fixed;
  return report;
}

/** Recomputes a Summary consistent with targets and findings (fleet counts from target metadata). */
export function summarize(
  targets: readonly Target[],
  findings: readonly Finding[],
  extra: { interrupted: boolean; nAccounts?: number; regions?: readonly string[]; fixed?: number },
): Summary {
  const count = (p: (t: Target) => boolean): number => targets.filter(p).length;
  const t = { total: targets.length, scanned: count((x) => x.status === 'scanned'), skipped: count((x) => x.status === 'skipped'), error: count((x) => x.status === 'error') };
  const f = { total: findings.length, own: 0, vendored: 0, open: 0, acknowledged: 0, suppressed: 0, ownOpen: 0 };
  let nNew = 0;
  let nUnchanged = 0;
  for (const x of findings) {
    f[x.origin] += 1;
    f[x.status] += 1;
    if (x.origin === 'own' && x.status === 'open') f.ownOpen += 1;
    if (x.baseline === 'new') nNew += 1;
    if (x.baseline === 'unchanged') nUnchanged += 1;
  }
  const summary: Summary = {
    targets: t,
    findings: f,
    complete: t.error === 0 && !extra.interrupted,
    completeness: t.total === 0 ? 1 : (t.scanned + t.skipped) / t.total,
    interrupted: extra.interrupted,
  };
  if (extra.fixed !== undefined) summary.trend = { new: nNew, unchanged: nUnchanged, fixed: extra.fixed };
  if (extra.nAccounts !== undefined && extra.regions !== undefined) {
    const accounts = new Set(targets.map((x) => x.account).filter((x): x is string => x !== undefined));
    const regionKeys = new Set(targets.map((x) => `${x.account}/${x.region}`));
    const otherRuntimes = Math.floor(t.total * 0.2);
    summary.fleet = {
      organization: 'listed',
      accounts: { total: extra.nAccounts, scanned: accounts.size, skipped: extra.nAccounts - accounts.size, error: 0 },
      regions: { total: extra.nAccounts * extra.regions.length, scanned: Math.max(0, regionKeys.size - 1), error: 1 },
      functions: { total: t.total + otherRuntimes, scanned: t.scanned, skipped: t.skipped, error: t.error, otherRuntimes, filtered: 0 },
      layers: { total: 0, scanned: 0, error: 0 },
    };
  }
  return summary;
}
