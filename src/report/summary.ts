import type { Finding, Report, Summary, Target } from '../core/types.js';

export interface SummarizeOptions {
  interrupted: boolean;
  fleet?: Summary['fleet'];
  trend?: Summary['trend'];
}

/** Pure: counts targets and findings. */
export function summarize(targets: readonly Target[], findings: readonly Finding[], opts: SummarizeOptions): Summary {
  const t = { total: targets.length, scanned: 0, skipped: 0, error: 0 };
  for (const target of targets) t[target.status]++;
  const f = { total: findings.length, own: 0, vendored: 0, open: 0, acknowledged: 0, suppressed: 0, ownOpen: 0 };
  for (const finding of findings) {
    f[finding.origin]++;
    f[finding.status]++;
    if (finding.origin === 'own' && finding.status === 'open') f.ownOpen++;
  }
  // An account or region in error hides an unknown number of functions: each counts as one unfinished unit.
  const unreached =
    (opts.fleet?.accounts.error ?? 0) + (opts.fleet?.regions.error ?? 0) + (opts.fleet?.organization === 'unavailable' ? 1 : 0);
  const units = t.total + unreached;
  const summary: Summary = {
    targets: t,
    findings: f,
    complete: t.error === 0 && unreached === 0 && !opts.interrupted,
    completeness: units === 0 ? 1 : (t.scanned + t.skipped) / units,
    interrupted: opts.interrupted,
  };
  if (opts.trend) summary.trend = { ...opts.trend };
  if (opts.fleet) summary.fleet = opts.fleet;
  return summary;
}

/** Which findings make the CLI exit non-zero. */
export type FailOn = 'own' | 'new' | 'any' | 'none';

export const FAIL_ON_VALUES: readonly FailOn[] = ['own', 'new', 'any', 'none'];

/**
 * own: an open own-code finding; new: an open own-code finding the baseline did not have (without a
 * baseline every finding counts as new); any: any open finding, vendored included; none: never.
 */
export function shouldFail(report: Pick<Report, 'findings'>, failOn: FailOn): boolean {
  switch (failOn) {
    case 'none':
      return false;
    case 'any':
      return report.findings.some((f) => f.status === 'open');
    case 'own':
      return report.findings.some((f) => f.status === 'open' && f.origin === 'own');
    case 'new':
      return report.findings.some((f) => f.status === 'open' && f.origin === 'own' && f.baseline !== 'unchanged');
  }
}
