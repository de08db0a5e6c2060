import type { Finding, FindingStatus, Report, Target } from '../core/types.js';
import { AP01 } from '../rules/ap01/meta.js';
import { sanitizeForTerminal, truncate, truncateStart } from './sanitize.js';

export type OriginFilter = 'own' | 'vendored' | 'all';
export type StatusFilter = 'all' | FindingStatus;

export interface ReviewFilters {
  origin: OriginFilter;
  status: StatusFilter;
  /** null: all accounts. */
  account: string | null;
  region: string | null;
  /** Case-insensitive substring; empty: no search. */
  search: string;
}

export const DEFAULT_FILTERS: ReviewFilters = { origin: 'own', status: 'all', account: null, region: null, search: '' };

/** All findings sharing one fingerprint: the same code in the same-named function, deployed in several places. */
export interface FindingGroup {
  id: string;
  findings: Finding[];
  /** Distinct targets, in report order. */
  targets: Target[];
  first: Finding;
  status: FindingStatus;
}

export const ORIGINS: readonly OriginFilter[] = ['own', 'vendored', 'all'];
export const STATUSES: readonly StatusFilter[] = ['all', 'open', 'acknowledged', 'suppressed'];

export function cycle<T>(values: readonly T[], current: T): T {
  const i = values.indexOf(current);
  return values[(i + 1) % values.length] as T;
}

/** null (all) followed by each value. */
export function cycleNullable(values: readonly string[], current: string | null): string | null {
  if (values.length === 0) return null;
  if (current === null) return values[0]!;
  const i = values.indexOf(current);
  return i < 0 || i === values.length - 1 ? null : values[i + 1]!;
}

export function targetIndex(report: Report): Map<string, Target> {
  return new Map(report.targets.map((t) => [t.id, t]));
}

export function accountsAndRegions(report: Report): { accounts: string[]; regions: string[] } {
  const withFindings = new Set(report.findings.map((f) => f.target));
  const accounts = new Set<string>();
  const regions = new Set<string>();
  for (const t of report.targets) {
    if (!withFindings.has(t.id)) continue;
    if (t.account) accounts.add(t.account);
    if (t.region) regions.add(t.region);
  }
  return { accounts: [...accounts].sort(), regions: [...regions].sort() };
}

function matchesSearch(f: Finding, t: Target | undefined, needle: string): boolean {
  if (!needle) return true;
  const hay = [f.id, f.primitive, f.file, f.function, f.snippet, f.package ?? '', f.reason ?? '', f.message, t?.functionName ?? '', t?.id ?? '', t?.accountName ?? '']
    .join('\u0000')
    .toLowerCase();
  return hay.includes(needle.toLowerCase());
}

export function groupFindings(report: Report, filters: ReviewFilters, targets: Map<string, Target> = targetIndex(report)): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of report.findings) {
    if (filters.origin !== 'all' && f.origin !== filters.origin) continue;
    if (filters.status !== 'all' && f.status !== filters.status) continue;
    const t = targets.get(f.target);
    if (filters.account !== null && t?.account !== filters.account) continue;
    if (filters.region !== null && t?.region !== filters.region) continue;
    if (!matchesSearch(f, t, filters.search)) continue;
    let g = groups.get(f.id);
    if (!g) {
      g = { id: f.id, findings: [], targets: [], first: f, status: f.status };
      groups.set(f.id, g);
    }
    g.findings.push(f);
    if (t && !g.targets.includes(t)) g.targets.push(t);
    // A group shows its least-settled status: one open copy keeps it open.
    if (f.status === 'open') g.status = 'open';
  }
  // Ordered by what does not change when a finding is marked, so the cursor stays put.
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.first.origin === 'vendored') - Number(b.first.origin === 'vendored') ||
      b.targets.length - a.targets.length ||
      a.first.file.localeCompare(b.first.file) ||
      a.first.line - b.first.line ||
      a.id.localeCompare(b.id),
  );
}

/** Sets status and reason of every finding with `id` (all copies share one fingerprint, so one mark). */
export function applyMark(report: Report, id: string, status: FindingStatus, reason: string | null): Report {
  return { ...report, findings: report.findings.map((f) => (f.id === id ? { ...f, status, reason } : f)) };
}

export function statusLabel(s: FindingStatus): string {
  return s === 'acknowledged' ? 'ack' : s === 'suppressed' ? 'supp' : 'open';
}

/** East Asian wide and emoji characters take two terminal cells. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}]/u;

export type LineStyle = 'title' | 'heading' | 'text' | 'code' | 'dim' | 'warn';
export interface StyledLine {
  text: string;
  style: LineStyle;
}

/** Greedy word wrap to `width` code points; words longer than a line are cut. */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const w = Math.max(10, width - indent.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (Array.from(candidate).length <= w) {
      line = candidate;
      continue;
    }
    if (line) out.push(indent + line);
    line = Array.from(word).length > w ? Array.from(word).slice(0, w).join('') : word;
  }
  if (line) out.push(indent + line);
  return out;
}

export function targetLabel(t: Target): string {
  const name = t.functionName ?? t.id;
  const where = [t.account && (t.accountName ? `${t.account} (${t.accountName})` : t.account), t.region].filter(Boolean).join(' / ');
  return sanitizeForTerminal([name, where, t.kind !== 'function' ? t.kind : ''].filter(Boolean).join('  '));
}

/** The detail pane as lines, all untrusted text sanitised. */
export function detailLines(group: FindingGroup, width: number): StyledLine[] {
  const f = group.first;
  const safe = sanitizeForTerminal;
  const L: StyledLine[] = [];
  const push = (text: string, style: LineStyle = 'text') => L.push({ text, style });
  push(`${safe(f.primitive)} · ${f.kind} · ${f.scope} scope · ${group.status}`, 'title');
  const at = `:${f.line}:${f.column}  in ${truncate(safe(f.function), 30)}`;
  // Long (possibly wide-character) paths lose their start, never the file name and line.
  const budget = Math.max(10, width - Array.from(at).length);
  push(truncateStart(safe(f.file), WIDE.test(f.file) ? Math.floor(budget / 2) : budget) + at);
  push(`  ${f.line} | ${safe(f.snippet)}`, 'code');
  push(`Origin: ${f.origin}${f.package ? ` (package ${safe(f.package)})` : ''}   Fingerprint: ${f.id}`, 'dim');
  for (const line of wrapWords(safe(f.message), width)) push(line);
  if (group.status !== 'open' || f.reason) push(`Status: ${group.status}${f.reason ? ` — reason: ${safe(f.reason)}` : ''}`, 'warn');
  push(`Functions (${group.targets.length}):`, 'heading');
  for (const t of group.targets) {
    const lines = group.findings.filter((x) => x.target === t.id).map((x) => x.line);
    push(`  ${targetLabel(t)}  line ${[...new Set(lines)].join(',')}`);
  }
  push(`Remediation (${AP01.id}):`, 'heading');
  for (const line of wrapWords(AP01.remediation, width, '  ')) push(line);
  for (const opt of AP01.remediationOptions) {
    const [head, ...rest] = wrapWords(opt, width, '    ');
    if (head) push('  • ' + head.trimStart());
    for (const r of rest) push(r);
  }
  push('Exceptions:', 'heading');
  for (const ex of AP01.exceptions) {
    const [head, ...rest] = wrapWords(ex, width, '    ');
    if (head) push('  • ' + head.trimStart());
    for (const r of rest) push(r);
  }
  push(`Policy: ${AP01.policy.document} v${AP01.policy.version}`, 'dim');
  return L;
}
