import type { ReportError, Summary, Target, TargetKind } from './types.js';

/** Phases in pipeline order. Local scans use only `analyse` and `report`. */
export type Phase = 'accounts' | 'regions' | 'functions' | 'download' | 'analyse' | 'report';

/**
 * The live event stream of an audit. The TUI, the plain stderr progress and `--progress json`
 * (NDJSON) all consume it; the scan code only emits.
 */
export type AuditEvent =
  | { type: 'start'; mode: 'local' | 'fleet'; at: string }
  | { type: 'phase'; phase: Phase }
  | { type: 'account'; account: string; name: string | null; state: 'started' | 'done' | 'skipped' | 'error'; regions?: number; reason?: string }
  | { type: 'region'; account: string; region: string; state: 'started' | 'listed' | 'done' | 'error'; functions?: number; reason?: string }
  /** `total` grows as regions are listed. */
  | { type: 'planned'; total: number }
  | { type: 'target-start'; id: string; kind: TargetKind; account?: string; region?: string }
  /** Bytes received for one download, cumulative for that target. */
  | { type: 'download'; id: string; bytes: number; totalBytes: number | null }
  | { type: 'target-done'; target: Target; findings: number; ownOpen: number }
  /** A throttled or failed call that will be tried again. */
  | { type: 'retry'; operation: string; reason: 'throttled' | 'reset' | 'truncated' | 'expired' | 'server' | 'timeout' | 'other'; attempt: number; account?: string; region?: string; target?: string }
  | { type: 'error'; error: ReportError }
  | { type: 'interrupted' }
  | { type: 'done'; summary: Summary };

export type EventSink = (event: AuditEvent) => void;

export const noopSink: EventSink = () => {};
