/** A realistic report for report/ tests: fleet functions in two accounts, a layer, a local directory, an errored function. */
import { fingerprintAll } from '../../src/core/fingerprint.js';
import type { Finding, FindingKind, Origin, Report, Scope, FindingStatus, Target } from '../../src/core/types.js';
import { AP01, findingMessage } from '../../src/rules/ap01/meta.js';
import { fingerprintOwner } from '../../src/core/fingerprint.js';
import { summarize } from '../../src/report/summary.js';

export const STARTED_AT = '2026-12-01T10:00:00.000Z';

export function functionTarget(name: string, account = '111122223333', region = 'eu-west-1', extra: Partial<Target> = {}): Target {
  return {
    id: `arn:aws:lambda:${region}:${account}:function:${name}`,
    kind: 'function',
    status: 'scanned',
    reason: null,
    sourceFiles: 4,
    bytes: 5120,
    notes: [],
    parseErrors: [],
    account,
    accountName: account === '111122223333' ? 'prod, "main"' : 'staging',
    region,
    functionName: name,
    runtime: 'python3.12',
    handler: 'app.handler',
    codeSha256: 'q1w2e3r4t5y6u7i8o9p0',
    codeSize: 5120,
    lastModified: '2026-11-30T08:00:00.000+0000',
    packageType: 'Zip',
    layers: [],
    ...extra,
  };
}

export interface SampleItem {
  file: string;
  line: number;
  column?: number;
  primitive: string;
  snippet: string;
  kind?: FindingKind;
  function?: string;
  scope?: Scope;
  origin?: Origin;
  package?: string | null;
  status?: FindingStatus;
  reason?: string | null;
}

/** Findings for one target with real fingerprints (owner from fingerprintOwner). */
export function findingsFor(target: Target, items: readonly SampleItem[]): Finding[] {
  const withDefaults = items.map((it) => ({ ...it, column: it.column ?? 1 }));
  const ids = fingerprintAll(AP01.id, fingerprintOwner(target), withDefaults);
  return withDefaults.map((it, i) => {
    const kind = it.kind ?? 'call';
    return {
      id: ids[i]!,
      target: target.id,
      rule: AP01.id,
      kind,
      primitive: it.primitive,
      file: it.file,
      line: it.line,
      column: it.column,
      function: it.function ?? '<module>',
      scope: it.scope ?? (it.function && it.function !== '<module>' ? 'function' : 'module'),
      origin: it.origin ?? 'own',
      package: it.package ?? null,
      status: it.status ?? 'open',
      reason: it.reason ?? null,
      snippet: it.snippet,
      message: findingMessage(it.primitive, kind),
    };
  });
}

export const ORDERS_ITEMS: SampleItem[] = [
  { file: 'app.py', line: 3, primitive: 'threading', snippet: 'import threading', kind: 'import' },
  { file: 'app.py', line: 8, column: 8, primitive: 'threading.Lock', snippet: 'lock = threading.Lock()' },
  {
    file: 'app.py', line: 20, column: 15, primitive: 'concurrent.futures.ThreadPoolExecutor', function: 'handler',
    snippet: 'with ThreadPoolExecutor(max_workers=4) as pool:  # "fan", out', status: 'suppressed', reason: 'measured, needed for S3 fan-out',
  },
  {
    file: 'billing/worker.py', line: 5, primitive: 'threading.Thread', kind: 'subclass', function: 'Worker',
    snippet: 'class Worker(threading.Thread):', status: 'acknowledged', reason: '=HYPERLINK("http://x") migrate to asyncio',
  },
  {
    file: '.requirements.zip!/fastcache/__init__.py', line: 12, primitive: 'threading.RLock', origin: 'vendored', package: 'fastcache',
    snippet: '_lock = threading.RLock()',
  },
];

export function sampleReport(): Report {
  const orders = functionTarget('orders-api', '111122223333', 'eu-west-1', {
    layers: ['arn:aws:lambda:eu-west-1:111122223333:layer:orgcommon:3'],
    parseErrors: [{ file: 'legacy/py2.py', line: 4, message: 'syntax error' }],
  });
  const billing = functionTarget('legacy-billing', '444455556666', 'us-east-1');
  const broken = functionTarget('broken-fn', '444455556666', 'eu-west-1', { status: 'error', reason: 'download failed after 3 tries', sourceFiles: 0, bytes: 0 });
  const layer: Target = {
    id: 'arn:aws:lambda:eu-west-1:111122223333:layer:orgcommon:3',
    kind: 'layer', status: 'scanned', reason: null, sourceFiles: 2, bytes: 900, notes: ['layer site-packages'], parseErrors: [],
    account: '111122223333', region: 'eu-west-1',
  };
  const local: Target = { id: 'samples/clean-worker', kind: 'directory', status: 'scanned', reason: null, sourceFiles: 1, bytes: 700, notes: [], parseErrors: [] };
  const targets = [orders, billing, broken, layer, local];
  const findings = [
    ...findingsFor(orders, ORDERS_ITEMS),
    ...findingsFor(billing, [{ file: 'lambda_function.py', line: 2, primitive: 'threading.Semaphore', snippet: 'sem = threading.Semaphore(2)' }]),
    ...findingsFor(layer, [{ file: 'python/orgcommon/audit.py', line: 7, primitive: 'threading.Event', snippet: '-1 + threading.Event()', function: 'audit' }]),
  ];
  return {
    schemaVersion: 1,
    tool: { name: 'lambda-audit', version: '0.1.0' },
    startedAt: STARTED_AT,
    finishedAt: '2026-12-01T10:05:00.000Z',
    targets,
    findings,
    errors: [{ target: broken.id, code: 'fetch', message: 'download failed after 3 tries' }],
    summary: summarize(targets, findings, {
      interrupted: false,
      fleet: {
        organization: 'listed',
        accounts: { total: 2, scanned: 2, skipped: 0, error: 0 },
        regions: { total: 3, scanned: 3, error: 0 },
        functions: { total: 4, scanned: 2, skipped: 0, error: 1, otherRuntimes: 1, filtered: 0 },
        layers: { total: 1, scanned: 1, error: 0 },
      },
    }),
  };
}
