import type { AuditEvent, EventSink } from '../core/events.js';
import type { Report } from '../core/types.js';
import { downloadedBytes, errorCount, formatMB, initialProgressState, progressReducer, type ProgressState } from './progress-state.js';
import { sanitizeForTerminal } from './sanitize.js';

export interface PlainProgressOptions {
  stderr: NodeJS.WritableStream;
  quiet: boolean;
  /** NDJSON: one AuditEvent per line (`--progress json`). */
  json: boolean;
  /** Counters line period; default 10 s. */
  intervalMs?: number;
}

function countersLine(s: ProgressState): string {
  return `progress: ${s.done}/${s.planned} targets, ${errorCount(s)} errors, ${s.skipped} skipped, ${formatMB(downloadedBytes(s))}`;
}

/** The text line for an event, or null when the event only feeds the counters. */
function eventLine(e: AuditEvent, s: ProgressState): string | null {
  const safe = sanitizeForTerminal;
  switch (e.type) {
    case 'start':
      return `${e.mode} audit started`;
    case 'account': {
      if (e.state === 'started') return null;
      const name = e.name ? ` (${safe(e.name)})` : '';
      const row = s.accounts.get(e.account);
      const detail =
        e.state === 'done'
          ? `: ${Object.keys(row?.regions ?? {}).length} regions, ${row?.functions ?? 0} functions`
          : e.reason
            ? `: ${safe(e.reason)}`
            : '';
      return `account ${safe(e.account)}${name} ${e.state}${detail}`;
    }
    case 'region':
      if (e.state === 'done') return `region ${safe(e.account)}/${safe(e.region)} done${e.functions !== undefined ? `: ${e.functions} functions` : ''}`;
      if (e.state === 'error') return `region ${safe(e.account)}/${safe(e.region)} error${e.reason ? `: ${safe(e.reason)}` : ''}`;
      return null;
    case 'error':
      return `error ${safe(e.error.target ?? '-')} ${safe(e.error.code)}: ${safe(e.error.message)}`;
    case 'interrupted':
      return 'interrupted: finishing in-flight work, the report will be marked incomplete (Ctrl-C again to exit now)';
    case 'done':
      return countersLine(s) + (e.summary.complete ? ' (complete)' : ' (incomplete)');
    default:
      return null;
  }
}

/** Progress for a non-TTY stderr or `--no-tui`: event lines plus a counters line every intervalMs. */
export function createPlainProgress(opts: PlainProgressOptions): { sink: EventSink; close(): void } {
  if (opts.quiet) return { sink: () => {}, close: () => {} };
  const out = opts.stderr;
  if (opts.json) {
    // JSON escapes every control character, so untrusted text cannot reach the terminal raw.
    return { sink: (e) => void out.write(JSON.stringify(e) + '\n'), close: () => {} };
  }
  let state = initialProgressState('local');
  let lastPrinted = '';
  const write = (line: string) => void out.write(`lambda-audit: ${line}\n`);
  const timer = setInterval(() => {
    const line = countersLine(state);
    // A stalled scan would otherwise repeat the same line every period.
    if (line !== lastPrinted) write(line);
    lastPrinted = line;
  }, opts.intervalMs ?? 10_000);
  timer.unref();
  return {
    sink(e) {
      state = progressReducer(state, e);
      const line = eventLine(e, state);
      if (line !== null) write(line);
    },
    close() {
      clearInterval(timer);
    },
  };
}

export interface SummaryFormatOptions {
  /** ANSI colours; pass colorEnabled(process.stdout). Default off. */
  color?: boolean;
}

function pct(x: number): string {
  const p = x * 100;
  return `${p >= 99.95 && x < 1 ? '99.9' : p.toFixed(1)}%`;
}

/** The end-of-run summary for stdout. */
export function formatSummary(report: Report, reportPaths: Record<string, string>, opts: SummaryFormatOptions = {}): string {
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const s = report.summary;
  const t = s.targets;
  const f = s.findings;
  const lines: string[] = [];
  lines.push(
    `Targets: ${t.total} total, ${t.scanned} scanned, ${t.skipped} skipped, ${t.error} error · completeness ${pct(s.completeness)}` +
      (s.interrupted ? paint('33', ' · INTERRUPTED (partial report)') : s.complete ? '' : paint('33', ' · INCOMPLETE')),
  );
  if (s.fleet) {
    const fl = s.fleet;
    lines.push(
      `Fleet: ${fl.accounts.total} accounts (${fl.accounts.error} error), ${fl.regions.total} regions (${fl.regions.error} error), ` +
        `${fl.functions.total} functions (${fl.functions.otherRuntimes} other runtimes), ${fl.layers.total} layers`,
    );
  }
  const violations = `${f.ownOpen} open violation${f.ownOpen === 1 ? '' : 's'} in own code`;
  lines.push(
    `Findings: ${paint(f.ownOpen > 0 ? '1;31' : '32', violations)} · ${f.acknowledged} acknowledged · ${f.suppressed} suppressed · ${f.vendored} vendored (information)`,
  );
  if (s.trend) lines.push(`Trend vs baseline: ${s.trend.new} new, ${s.trend.unchanged} unchanged, ${s.trend.fixed} fixed`);
  const paths = Object.entries(reportPaths);
  if (paths.length > 0) {
    lines.push('Reports:');
    const w = Math.max(...paths.map(([k]) => k.length));
    for (const [kind, path] of paths) lines.push(`  ${kind.padEnd(w)}  ${sanitizeForTerminal(path)}`);
  }
  return lines.join('\n') + '\n';
}
