import type { RuleMeta } from '../../rules/ap01/meta.js';

/**
 * The data embedded in the HTML report. Column arrays keep 100k findings small: every string goes
 * through one table `s` (file paths, snippets, names repeat across targets), and columns hold indexes.
 * `-1` stands for null.
 */

/** Targets, one entry per report.targets[i]; values are indexes into `s` unless noted. */
export interface PayloadTargets {
  id: number[];
  kind: number[];
  status: number[];
  reason: number[];
  account: number[];
  accountName: number[];
  region: number[];
  functionName: number[];
  runtime: number[];
  /** Numbers. */
  sourceFiles: number[];
  /** Numbers. */
  bytes: number[];
  /** All notes and parse problems joined, or -1. */
  notes: number[];
  /** Numbers: findings in this target. */
  findings: number[];
}

/** Findings grouped by fingerprint: one entry per code location. */
export interface PayloadGroups {
  /** Fingerprints, kept as-is (unique, nothing to dedupe). */
  id: string[];
  primitive: number[];
  kind: number[];
  file: number[];
  function: number[];
  scope: number[];
  origin: number[];
  package: number[];
  reason: number[];
  snippet: number[];
  message: number[];
  baseline: number[];
  firstSeen: number[];
  /** Numbers. */
  line: number[];
  /** Numbers. */
  column: number[];
  /** Members of group g are m*[memberStart[g] .. memberStart[g+1]); length groups + 1. */
  memberStart: number[];
  /** Target index (into `t`) of each member finding. */
  memberTarget: number[];
  /** String index of each member's status. */
  memberStatus: number[];
  /** Each member's line (may shift between deployed versions). */
  memberLine: number[];
}

export interface PayloadErrors {
  target: number[];
  code: number[];
  message: number[];
}

export interface PayloadFixed {
  id: string[];
  file: number[];
  primitive: number[];
  owner: number[];
  status: number[];
  reason: number[];
  firstSeen: number[];
}

export interface Payload {
  v: 1;
  s: string[];
  rule: RuleMeta;
  t: PayloadTargets;
  g: PayloadGroups;
  e: PayloadErrors;
  fx: PayloadFixed | null;
}
