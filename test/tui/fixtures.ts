import type { Finding, Report, Summary, Target } from '../../src/core/types.js';

export function makeTarget(over: Partial<Target> & { id: string }): Target {
  return { kind: 'function', status: 'scanned', reason: null, sourceFiles: 3, bytes: 1000, notes: [], parseErrors: [], ...over };
}

export function makeFinding(over: Partial<Finding> & { id: string; target: string }): Finding {
  return {
    rule: 'AP-01',
    kind: 'call',
    primitive: 'threading.Lock',
    file: 'app.py',
    line: 12,
    column: 8,
    function: '<module>',
    scope: 'module',
    origin: 'own',
    package: null,
    status: 'open',
    reason: null,
    snippet: 'lock = threading.Lock()',
    message: 'Creates threading.Lock: threading primitives provide no benefit in single-threaded Lambda.',
    ...over,
  };
}

const fnArn = (acct: string, region: string, name: string) => `arn:aws:lambda:${region}:${acct}:function:${name}`;

/**
 * Two accounts, two regions. `payments` is deployed three times (same fingerprint), `orders` has a
 * vendored requests finding and an acknowledged tech-debt one, `evil` has escape sequences in its text.
 */
export function makeReport(): Report {
  const t = (acct: string, region: string, name: string, accountName: string) =>
    makeTarget({ id: fnArn(acct, region, name), account: acct, accountName, region, functionName: name, runtime: 'python3.12' });
  const targets: Target[] = [
    t('111122223333', 'eu-west-1', 'payments', 'prod'),
    t('111122223333', 'us-east-1', 'payments', 'prod'),
    t('444455556666', 'eu-west-1', 'payments', 'staging'),
    t('111122223333', 'eu-west-1', 'orders', 'prod'),
    t('444455556666', 'us-east-1', 'evil', 'staging'),
  ];
  const ids = targets.map((x) => x.id);
  const findings: Finding[] = [
    ...ids.slice(0, 3).map((target) => makeFinding({ id: 'fp-payments-lock', target, file: 'payments/handler.py', line: 7 })),
    makeFinding({
      id: 'fp-orders-pool',
      target: ids[3]!,
      primitive: 'concurrent.futures.ThreadPoolExecutor',
      file: 'orders/worker.py',
      line: 40,
      function: 'fan_out',
      scope: 'function',
      snippet: 'with ThreadPoolExecutor(max_workers=8) as pool:',
    }),
    makeFinding({
      id: 'fp-orders-debt',
      target: ids[3]!,
      primitive: 'threading.Thread',
      file: 'orders/legacy.py',
      line: 3,
      status: 'acknowledged',
      reason: 'Tech debt: migrate to asyncio',
      snippet: 't = threading.Thread(target=poll)  # Tech debt: migrate to asyncio',
    }),
    makeFinding({
      id: 'fp-orders-vendored',
      target: ids[3]!,
      primitive: 'threading.RLock',
      file: 'requests/sessions.py',
      line: 99,
      origin: 'vendored',
      package: 'requests',
      snippet: '_lock = threading.RLock()',
    }),
    makeFinding({
      id: 'fp-evil',
      target: ids[4]!,
      file: 'evil\u001b[2J\u001b]0;pwned\u0007.py',
      line: 1,
      snippet: 'x = threading.Lock()\r\u001b[31mHIDDEN\u001b[0m \u202eevil',
    }),
  ];
  const summary: Summary = {
    targets: { total: 5, scanned: 5, skipped: 0, error: 0 },
    findings: { total: findings.length, own: 6, vendored: 1, open: 6, acknowledged: 1, suppressed: 0, ownOpen: 5 },
    complete: true,
    completeness: 1,
    interrupted: false,
  };
  return {
    schemaVersion: 1,
    tool: { name: 'lambda-audit', version: '0.1.0' },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    targets,
    findings,
    errors: [],
    summary,
  };
}
