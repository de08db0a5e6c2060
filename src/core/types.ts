/** Shared vocabulary of the pipeline: fleet → fetch → archive → analysis → classify → report. */

export type FindingKind = 'import' | 'call' | 'subclass' | 'dynamic-import';
export type Scope = 'module' | 'function';
export type Origin = 'own' | 'vendored';
export type FindingStatus = 'open' | 'acknowledged' | 'suppressed';
export type TargetKind = 'archive' | 'directory' | 'function' | 'layer';
export type TargetStatus = 'scanned' | 'skipped' | 'error';
export type BaselineState = 'new' | 'unchanged';

/** One finding inside one Python file, before its package, origin and target are known. */
export interface FileFinding {
  kind: FindingKind;
  /** Canonical qualified name, e.g. `threading.Lock`, `concurrent.futures.ThreadPoolExecutor`. */
  primitive: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Enclosing function (dotted for methods/nested, e.g. `Worker.run`) or `<module>`. */
  function: string;
  /** `module`: runs at import time, shared by warm invocations. */
  scope: Scope;
  /** The source line, trimmed, at most 200 characters. Untrusted text. */
  snippet: string;
  status: FindingStatus;
  /** Suppression / tech-debt reason, else null. */
  reason: string | null;
}

export interface ParseProblem {
  /** 1-based line of the first ERROR/MISSING node. */
  line: number;
  message: string;
}

export interface FileAnalysis {
  findings: FileFinding[];
  /** Set when tree-sitter found syntax errors; the file was still scanned. */
  parseError: ParseProblem | null;
  /** Encoding used to decode the bytes (`utf-8`, `latin-1` …). */
  encoding: string;
  /** False when the token pre-filter proved no finding is possible and no parse was needed. */
  parsed: boolean;
}

export interface FileOrigin {
  origin: Origin;
  /** Distribution name for vendored files (e.g. `requests`), else null. */
  package: string | null;
  /** Which signal decided, e.g. `dist-info RECORD`, `layer site-packages`, `override ownPaths`. */
  signal: string;
}

export interface Finding {
  /** Stable fingerprint (see core/fingerprint.ts). */
  id: string;
  /** A targets[].id */
  target: string;
  rule: string;
  kind: FindingKind;
  primitive: string;
  /** Posix path inside the package; nested archives as `.requirements.zip!/pkg/mod.py`. */
  file: string;
  line: number;
  column: number;
  function: string;
  scope: Scope;
  origin: Origin;
  package: string | null;
  status: FindingStatus;
  reason: string | null;
  snippet: string;
  message: string;
  /** Present when the run compared against a baseline. */
  baseline?: BaselineState;
  /** ISO time first seen (from the baseline, else this run's start). */
  firstSeen?: string;
}

export interface FileIssue {
  file: string;
  line: number | null;
  message: string;
}

export interface Target {
  id: string;
  kind: TargetKind;
  status: TargetStatus;
  reason: string | null;
  sourceFiles: number;
  bytes: number;
  notes: string[];
  /** Files that did not parse cleanly (still scanned). */
  parseErrors: FileIssue[];
  // Fleet fields (function and layer targets).
  account?: string;
  accountName?: string;
  region?: string;
  functionName?: string;
  runtime?: string;
  handler?: string;
  codeSha256?: string;
  codeSize?: number;
  lastModified?: string;
  packageType?: string;
  /** LayerVersionArns used by a function target. */
  layers?: string[];
}

export interface ReportError {
  /** A targets[].id, or an account/region scope like `account:111122223333` / `region:111122223333/eu-west-1`, or null. */
  target: string | null;
  code: string;
  message: string;
}

export interface Summary {
  targets: { total: number; scanned: number; skipped: number; error: number };
  findings: {
    total: number;
    own: number;
    vendored: number;
    open: number;
    acknowledged: number;
    suppressed: number;
    /** Open findings in own code: the violations. */
    ownOpen: number;
  };
  /** True when no target, account or region ended in `error` and the run was not interrupted. */
  complete: boolean;
  /** (scanned + skipped) / (total targets + accounts and regions in error), 1 when there is nothing. */
  completeness: number;
  interrupted: boolean;
  /** Present when a baseline was given. */
  trend?: { new: number; unchanged: number; fixed: number };
  /** Present for fleet audits. Functions of non-Python runtimes are only counted. */
  fleet?: {
    /** `unavailable`: ListAccounts failed (e.g. AccessDenied), so accounts may be missing and the audit is incomplete. */
    organization: 'listed' | 'not-in-use' | 'unavailable';
    accounts: { total: number; scanned: number; skipped: number; error: number };
    regions: { total: number; scanned: number; error: number };
    /** total = every listed function; filtered = left out by functionFilter. */
    functions: { total: number; scanned: number; skipped: number; error: number; otherRuntimes: number; filtered: number };
    layers: { total: number; scanned: number; error: number };
  };
}

/** One account of a fleet audit and how it ended; the report lists skipped accounts (e.g. SUSPENDED) with their reason. */
export interface AccountRecord {
  id: string;
  name: string | null;
  status: 'scanned' | 'skipped' | 'error';
  reason: string | null;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  targets: Target[];
  findings: Finding[];
  errors: ReportError[];
  summary: Summary;
  /** Findings of the baseline that this run no longer has. Present when a baseline was given. */
  fixed?: BaselineEntry[];
  /** Fleet audits: every account considered, with how it ended. */
  accounts?: AccountRecord[];
}

/** A baseline file written by `lambda-audit baseline` and by review marks in the TUI. */
export interface BaselineEntry {
  /** Finding fingerprint (Finding.id). */
  id: string;
  rule: string;
  file: string;
  primitive: string;
  /** Function/layer name or local target name the fingerprint was built from. */
  owner: string;
  /** Status recorded at baseline time, or set by a review mark. */
  status: FindingStatus;
  reason: string | null;
  /** ISO time the finding was first seen. */
  firstSeen: string;
  /** Set when a person marked the finding in the review. */
  markedAt?: string;
}

export interface BaselineFile {
  schemaVersion: 1;
  kind: 'lambda-audit-baseline';
  createdAt: string;
  entries: BaselineEntry[];
}
