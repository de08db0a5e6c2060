import type { AuditEvent, Phase } from '../core/events.js';
import type { Summary } from '../core/types.js';

export type RowState = 'pending' | 'started' | 'done' | 'skipped' | 'error';

export interface AccountRow {
  account: string;
  name: string | null;
  state: RowState;
  /** From the account event; null until known. */
  regionsTotal: number | null;
  regions: Readonly<Record<string, RowState>>;
  /** Sum of the functions listed in its regions. */
  functions: number;
  targetsDone: number;
  errors: number;
  /** `seq` of the last event that touched the account: orders rows by recency. */
  lastSeq: number;
}

export interface LastRetry {
  operation: string;
  reason: string;
  attempt: number;
  where: string | null;
}

export interface ProgressState {
  mode: 'local' | 'fleet';
  startedAt: number | null;
  phase: Phase | null;
  phasesSeen: readonly Phase[];
  seq: number;
  accounts: ReadonlyMap<string, AccountRow>;
  planned: number;
  done: number;
  scanned: number;
  skipped: number;
  targetErrors: number;
  /** Account-, region- and run-level errors (error events that are not about a finished target). */
  otherErrors: number;
  lastError: string | null;
  /** Bytes of downloads still in flight, per target id (cumulative per target). */
  inFlight: ReadonlyMap<string, number>;
  /** Bytes of downloads whose target finished. */
  bytesFinished: number;
  retries: number;
  throttled: number;
  lastRetry: LastRetry | null;
  interrupted: boolean;
  finished: boolean;
  summary: Summary | null;
}

export function initialProgressState(mode: 'local' | 'fleet'): ProgressState {
  return {
    mode,
    startedAt: null,
    phase: null,
    phasesSeen: [],
    seq: 0,
    accounts: new Map(),
    planned: 0,
    done: 0,
    scanned: 0,
    skipped: 0,
    targetErrors: 0,
    otherErrors: 0,
    lastError: null,
    inFlight: new Map(),
    bytesFinished: 0,
    retries: 0,
    throttled: 0,
    lastRetry: null,
    interrupted: false,
    finished: false,
    summary: null,
  };
}

export function downloadedBytes(s: ProgressState): number {
  let n = s.bytesFinished;
  for (const b of s.inFlight.values()) n += b;
  return n;
}

export function errorCount(s: ProgressState): number {
  return s.targetErrors + s.otherErrors;
}

function touchAccount(
  s: ProgressState,
  account: string | undefined,
  seq: number,
  change: (row: AccountRow) => Partial<AccountRow>,
): ReadonlyMap<string, AccountRow> {
  if (account === undefined) return s.accounts;
  const prev: AccountRow = s.accounts.get(account) ?? {
    account,
    name: null,
    state: 'started',
    regionsTotal: null,
    regions: {},
    functions: 0,
    targetsDone: 0,
    errors: 0,
    lastSeq: seq,
  };
  const next = new Map(s.accounts);
  next.set(account, { ...prev, ...change(prev), lastSeq: seq });
  return next;
}

function regionAccount(scope: string | null): string | undefined {
  const m = /^(?:account|region):([^/]+)/.exec(scope ?? '');
  return m?.[1];
}

/** Pure: never mutates `state`. Unknown events leave the state as it is. */
export function progressReducer(state: ProgressState, event: AuditEvent): ProgressState {
  const seq = state.seq + 1;
  const s = { ...state, seq };
  switch (event.type) {
    case 'start': {
      const t = Date.parse(event.at);
      return { ...s, mode: event.mode, startedAt: Number.isNaN(t) ? null : t };
    }
    case 'phase':
      return {
        ...s,
        phase: event.phase,
        phasesSeen: state.phasesSeen.includes(event.phase) ? state.phasesSeen : [...state.phasesSeen, event.phase],
      };
    case 'account':
      return {
        ...s,
        accounts: touchAccount(s, event.account, seq, (row) => ({
          name: event.name ?? row.name,
          state: event.state,
          regionsTotal: event.regions ?? row.regionsTotal,
        })),
      };
    case 'region':
      return {
        ...s,
        accounts: touchAccount(s, event.account, seq, (row) => ({
          regions: { ...row.regions, [event.region]: event.state === 'listed' ? 'started' : event.state },
          functions: event.state === 'listed' && event.functions !== undefined ? row.functions + event.functions : row.functions,
        })),
      };
    case 'planned':
      return { ...s, planned: event.total };
    case 'target-start':
      return { ...s, accounts: touchAccount(s, event.account, seq, () => ({})) };
    case 'download': {
      const inFlight = new Map(state.inFlight);
      inFlight.set(event.id, event.bytes);
      return { ...s, inFlight };
    }
    case 'target-done': {
      const t = event.target;
      let inFlight = state.inFlight;
      let bytesFinished = state.bytesFinished;
      const got = inFlight.get(t.id);
      if (got !== undefined) {
        const m = new Map(inFlight);
        m.delete(t.id);
        inFlight = m;
        bytesFinished += got;
      }
      const isError = t.status === 'error';
      return {
        ...s,
        inFlight,
        bytesFinished,
        done: state.done + 1,
        scanned: state.scanned + (t.status === 'scanned' ? 1 : 0),
        skipped: state.skipped + (t.status === 'skipped' ? 1 : 0),
        targetErrors: state.targetErrors + (isError ? 1 : 0),
        lastError: isError ? `${t.functionName ?? t.id}: ${t.reason ?? 'error'}` : state.lastError,
        // Never report more done than planned while `planned` is still growing.
        planned: Math.max(state.planned, state.done + 1),
        accounts: touchAccount(s, t.account, seq, (row) => ({
          targetsDone: row.targetsDone + 1,
          errors: row.errors + (isError ? 1 : 0),
        })),
      };
    }
    case 'retry':
      return {
        ...s,
        retries: state.retries + 1,
        throttled: state.throttled + (event.reason === 'throttled' ? 1 : 0),
        lastRetry: {
          operation: event.operation,
          reason: event.reason,
          attempt: event.attempt,
          where: event.target ?? ([event.account, event.region].filter(Boolean).join('/') || null),
        },
        accounts: touchAccount(s, event.account, seq, () => ({})),
      };
    case 'error': {
      const acct = regionAccount(event.error.target);
      return {
        ...s,
        otherErrors: state.otherErrors + 1,
        lastError: `${event.error.target ?? event.error.code}: ${event.error.message}`,
        accounts: touchAccount(s, acct, seq, (row) => ({ errors: row.errors + 1 })),
      };
    }
    case 'interrupted':
      return { ...s, interrupted: true };
    case 'done':
      return { ...s, finished: true, summary: event.summary };
    default:
      return state;
  }
}

/** A point of the cumulative counters, sampled by the (impure) store at each flush. */
export interface RateSample {
  at: number;
  done: number;
  bytes: number;
}

export interface Rates {
  targetsPerSec: number;
  bytesPerSec: number;
  /** Seconds; null while there is no rate or no known remainder. */
  etaSec: number | null;
}

/** Rates over the samples of the last `windowMs` (a sliding window follows throttling and speed-ups). */
export function computeRates(samples: readonly RateSample[], remaining: number, windowMs = 10_000): Rates {
  const last = samples[samples.length - 1];
  if (!last) return { targetsPerSec: 0, bytesPerSec: 0, etaSec: null };
  const first = samples.find((p) => p.at >= last.at - windowMs) ?? last;
  const dt = (last.at - first.at) / 1000;
  if (dt <= 0) return { targetsPerSec: 0, bytesPerSec: 0, etaSec: null };
  const targetsPerSec = (last.done - first.done) / dt;
  const bytesPerSec = (last.bytes - first.bytes) / dt;
  const etaSec = targetsPerSec > 0 && remaining >= 0 ? remaining / targetsPerSec : null;
  return { targetsPerSec, bytesPerSec, etaSec };
}

export function formatMB(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
