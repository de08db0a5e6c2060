import { fingerprintOwner } from '../core/fingerprint.js';
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../core/errors.js';
import type { BaselineEntry, BaselineFile, Finding, FindingStatus, Report, Target } from '../core/types.js';
import { readJsonFile, writeJsonAtomic } from './json.js';
import { isObject, validateBaselineFile, validateReport } from './schema.js';
import { summarize } from './summary.js';

function entryOf(f: Finding, owner: string, firstSeen: string): BaselineEntry {
  return { id: f.id, rule: f.rule, file: f.file, primitive: f.primitive, owner, status: f.status, reason: f.reason, firstSeen };
}

/**
 * One entry per finding id. Review marks (markedAt) of `previous` are carried over so re-baselining does not
 * forget a person's decision.
 */
export function createBaseline(report: Report, previous?: BaselineFile, now: string = new Date().toISOString()): BaselineFile {
  const targets = new Map(report.targets.map((t) => [t.id, t]));
  const marks = new Map((previous?.entries ?? []).filter((e) => e.markedAt !== undefined).map((e) => [e.id, e]));
  const entries = new Map<string, BaselineEntry>();
  for (const f of report.findings) {
    if (entries.has(f.id)) continue;
    const target = targets.get(f.target);
    const owner = target ? fingerprintOwner(target) : f.target;
    const mark = marks.get(f.id);
    entries.set(f.id, mark ? { ...mark } : entryOf(f, owner, f.firstSeen ?? report.startedAt));
  }
  for (const [id, mark] of marks) if (!entries.has(id)) entries.set(id, { ...mark });
  return { schemaVersion: 1, kind: 'lambda-audit-baseline', createdAt: now, entries: sortEntries([...entries.values()]) };
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Atomic; entries sorted by id so a baseline kept in git diffs cleanly. */
export async function writeBaseline(file: string, baseline: BaselineFile): Promise<void> {
  await writeJsonAtomic(file, { ...baseline, entries: sortEntries([...baseline.entries]) }, 2);
}

function isBaselineShaped(value: unknown): boolean {
  return isObject(value) && value['kind'] === 'lambda-audit-baseline';
}

/** Accepts a baseline file or a previous JSON report (converted to entries). ConfigError on bad input. */
export async function loadBaseline(file: string): Promise<BaselineFile> {
  const value = await readJsonFile(file, 'baseline');
  if (isBaselineShaped(value)) return validateBaselineFile(value, file);
  if (isObject(value) && 'findings' in value) {
    const report = validateReport(value, file);
    return createBaseline(report, undefined, report.startedAt);
  }
  throw new ConfigError(`${file}: neither a lambda-audit baseline file (kind "lambda-audit-baseline") nor a lambda-audit JSON report`);
}

/**
 * Owners whose findings this run can vouch for: at least one target with that owner was scanned and none
 * errored or was skipped. A function that errored (or was not reached) must not make its baseline findings
 * look fixed; owners absent from the run (deleted functions, accounts not reached) are not "fixed" either.
 */
function coveredOwners(targets: readonly Target[]): Set<string> {
  const scanned = new Set<string>();
  const uncertain = new Set<string>();
  for (const t of targets) (t.status === 'scanned' ? scanned : uncertain).add(fingerprintOwner(t));
  for (const owner of uncertain) scanned.delete(owner);
  return scanned;
}

/**
 * Pure. Marks each finding new/unchanged with firstSeen, applies acknowledged/suppressed review marks (entries
 * with markedAt) to status and reason, lists entries missing from this run as fixed (only for covered owners) and sets
 * summary.trend.
 */
export function applyBaseline(report: Report, baseline: BaselineFile): Report {
  const byId = new Map(baseline.entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  let added = 0;
  let unchanged = 0;
  const findings = report.findings.map((f): Finding => {
    seen.add(f.id);
    const entry = byId.get(f.id);
    if (!entry) {
      added++;
      return { ...f, baseline: 'new', firstSeen: report.startedAt };
    }
    unchanged++;
    const out: Finding = { ...f, baseline: 'unchanged', firstSeen: entry.firstSeen };
    // An `open` mark only withdraws an earlier review decision: the finding keeps the status read from the code.
    if (entry.markedAt !== undefined && entry.status !== 'open') {
      out.status = entry.status;
      out.reason = entry.reason;
    }
    return out;
  });
  const covered = coveredOwners(report.targets);
  const fixed = baseline.entries.filter((e) => !seen.has(e.id) && covered.has(e.owner)).map((e) => ({ ...e }));
  const trend = { new: added, unchanged, fixed: fixed.length };
  const summary = summarize(report.targets, findings, { interrupted: report.summary.interrupted, fleet: report.summary.fleet, trend });
  return { ...report, findings, summary, fixed };
}

export interface ReviewMark {
  id: string;
  status: FindingStatus;
  reason: string | null;
  /** Needed when the baseline has no entry for `id` yet. */
  finding?: Finding;
  /** The finding's fingerprint owner (fingerprintOwner(target)); needed with `finding` for a new entry. */
  owner?: string;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

// Marks from the TUI can come quickly one after another: serialise read-modify-write per file in this process.
const queues = new Map<string, Promise<unknown>>();

/**
 * Records a review decision in the baseline file (created if absent), atomically. Function code is never
 * edited: the next audit honours the mark through applyBaseline.
 */
export function markFinding(file: string, mark: ReviewMark, now: () => string = () => new Date().toISOString()): Promise<void> {
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(() => markNow(file, mark, now()));
  queues.set(file, next);
  void next.finally(() => {
    if (queues.get(file) === next) queues.delete(file);
  }).catch(() => undefined);
  return next;
}

async function markNow(file: string, mark: ReviewMark, at: string): Promise<void> {
  let baseline: BaselineFile;
  if (await exists(file)) {
    const value = await readJsonFile(file, 'baseline');
    // Never overwrite a JSON report with a baseline file.
    if (!isBaselineShaped(value)) throw new ConfigError(`${file}: not a lambda-audit baseline file; review marks are only written to baseline files`);
    baseline = validateBaselineFile(value, file);
  } else {
    baseline = { schemaVersion: 1, kind: 'lambda-audit-baseline', createdAt: at, entries: [] };
  }
  const entries = baseline.entries.map((e) => ({ ...e }));
  const existing = entries.find((e) => e.id === mark.id);
  if (existing) {
    existing.status = mark.status;
    existing.reason = mark.reason;
    existing.markedAt = at;
  } else {
    if (!mark.finding || mark.owner === undefined) {
      throw new ConfigError(`${file}: finding ${mark.id} is not in the baseline; pass the finding and its owner to mark it`);
    }
    if (mark.finding.id !== mark.id) throw new ConfigError(`review mark for ${mark.id} was given finding ${mark.finding.id}`);
    entries.push({ ...entryOf(mark.finding, mark.owner, mark.finding.firstSeen ?? at), status: mark.status, reason: mark.reason, markedAt: at });
  }
  await writeBaseline(file, { ...baseline, createdAt: at, entries });
}
