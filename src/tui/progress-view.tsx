import { Box, Text } from 'ink';
import type { Phase } from '../core/events.js';
import {
  downloadedBytes,
  errorCount,
  formatDuration,
  formatMB,
  type AccountRow,
  type ProgressState,
  type Rates,
} from './progress-state.js';
import { sanitizeForTerminal, truncate } from './sanitize.js';

export interface ProgressSnapshot {
  state: ProgressState;
  rates: Rates;
  /** Wall clock of the flush, for the elapsed time. */
  now: number;
}

const FLEET_PHASES: readonly Phase[] = ['accounts', 'regions', 'functions', 'download', 'analyse'];
const LOCAL_PHASES: readonly Phase[] = ['analyse'];
/** Lines other than account rows; keeps the whole view below the terminal height so Ink never clears the screen. */
const FIXED_LINES = 8;

export function bar(done: number, total: number, width: number): string {
  const w = Math.max(5, width);
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.floor(ratio * w);
  return '█'.repeat(full) + '░'.repeat(w - full);
}

function phaseLine(state: ProgressState): string {
  const phases = state.mode === 'local' ? LOCAL_PHASES : FLEET_PHASES;
  const current = state.phase;
  const currentIdx = current ? phases.indexOf(current) : -1;
  return phases
    .map((p, i) => {
      const mark =
        state.finished || (current === 'report' && state.phasesSeen.includes(p)) || i < currentIdx
          ? '✓'
          : p === current
            ? '●'
            : '○';
      return `${mark} ${p}`;
    })
    .join(' › ');
}

/** Started but nothing listed or scanned yet: the least interesting rows. */
function idle(a: AccountRow): boolean {
  return a.state === 'started' && a.targetsDone === 0 && Object.keys(a.regions).length === 0;
}

/**
 * The N rows to show: accounts with work under way first, then the most recently active (finished ones
 * included), idle ones last; shown in account order so rows don't jump between frames.
 */
export function visibleAccounts(accounts: ReadonlyMap<string, AccountRow>, max: number): { rows: AccountRow[]; hidden: number } {
  const all = [...accounts.values()];
  if (all.length <= max) return { rows: all.sort((a, b) => a.account.localeCompare(b.account)), hidden: 0 };
  const rank = (a: AccountRow) => (idle(a) ? 2 : a.state === 'started' ? 0 : 1);
  const ranked = all.sort((a, b) => rank(a) - rank(b) || b.lastSeq - a.lastSeq);
  const rows = ranked.slice(0, Math.max(0, max)).sort((a, b) => a.account.localeCompare(b.account));
  return { rows, hidden: all.length - rows.length };
}

function accountLine(row: AccountRow): string {
  const regions = Object.values(row.regions);
  const regionsDone = regions.filter((r) => r === 'done' || r === 'error').length;
  const regionsTotal = row.regionsTotal ?? regions.length;
  const mark = row.state === 'done' ? '✓' : row.state === 'error' ? '✗' : row.state === 'skipped' ? '-' : '▸';
  const name = sanitizeForTerminal(row.name ?? '');
  const parts = [
    `${mark} ${sanitizeForTerminal(row.account).padEnd(12)} ${truncate(name, 18).padEnd(18)}`,
    `regions ${regionsDone}/${regionsTotal}`,
    `targets ${row.targetsDone}/${row.functions}`,
  ];
  if (row.errors > 0) parts.push(`errors ${row.errors}`);
  if (row.state === 'skipped') parts.push('skipped');
  return parts.join('  ');
}

interface LineProps {
  text: string;
  width: number;
  color?: string | undefined;
  bold?: boolean;
  useColor: boolean;
}

function Line({ text, width, color, bold, useColor }: LineProps) {
  return (
    <Text color={useColor ? color : undefined} bold={useColor ? bold : undefined} wrap="truncate-end">
      {truncate(text, width) || ' '}
    </Text>
  );
}

export interface ProgressViewProps {
  snapshot: ProgressSnapshot;
  columns: number;
  rows: number;
  color: boolean;
}

export function ProgressView({ snapshot, columns, rows, color }: ProgressViewProps) {
  const { state, rates, now } = snapshot;
  const width = Math.max(20, columns);
  const elapsed = state.startedAt !== null ? formatDuration((now - state.startedAt) / 1000) : '-';
  const title = state.finished
    ? 'finished'
    : state.interrupted
      ? 'interrupted: finishing in-flight work (Ctrl-C again to exit now)'
      : `${state.mode} audit`;
  const pct = state.planned > 0 ? Math.floor((state.done / state.planned) * 100) : 0;
  const counts = `${state.done}/${state.planned} ${String(pct).padStart(3)}%`;
  const barWidth = Math.min(40, width - counts.length - 3);
  const throughput = [
    `${formatMB(downloadedBytes(state))} downloaded`,
    `${rates.targetsPerSec.toFixed(1)} targets/s`,
    `${(rates.bytesPerSec / 1_048_576).toFixed(1)} MB/s`,
    `ETA ${rates.etaSec !== null && !state.finished ? formatDuration(rates.etaSec) : '-'}`,
  ].join(' · ');
  const errors = errorCount(state);
  const retry = state.lastRetry;
  const problems =
    `errors ${errors} · skipped ${state.skipped}` + (state.lastError ? ` · last error: ${sanitizeForTerminal(state.lastError)}` : '');
  const retries =
    `retries ${state.retries} (${state.throttled} throttled)` +
    (retry
      ? ` · last: ${sanitizeForTerminal(retry.operation)} ${retry.reason} #${retry.attempt}${retry.where ? ' ' + sanitizeForTerminal(retry.where) : ''}`
      : '');

  const maxAccountRows = Math.max(1, rows - FIXED_LINES - 1);
  const { rows: accountRows, hidden } = visibleAccounts(state.accounts, maxAccountRows);
  const accountsDone = [...state.accounts.values()].filter((a) => a.state !== 'started' && a.state !== 'pending').length;

  return (
    <Box flexDirection="column" width={width}>
      <Line text={`lambda-audit · ${title} · elapsed ${elapsed}`} width={width} bold useColor={color} color={state.interrupted ? 'yellow' : undefined} />
      <Line text={phaseLine(state)} width={width} useColor={color} color="cyan" />
      <Line text={`${bar(state.done, state.planned, barWidth)} ${counts}`} width={width} useColor={color} color="green" />
      <Line text={throughput} width={width} useColor={color} />
      <Line text={problems} width={width} useColor={color} color={errors > 0 ? 'red' : undefined} />
      <Line text={retries} width={width} useColor={color} color={retry ? 'yellow' : undefined} />
      {state.mode === 'fleet' ? (
        <>
          <Line text={`accounts ${accountsDone}/${state.accounts.size} finished`} width={width} bold useColor={color} />
          {accountRows.map((row) => (
            <Line
              key={row.account}
              text={'  ' + accountLine(row)}
              width={width}
              useColor={color}
              color={row.state === 'error' || row.errors > 0 ? 'red' : row.state === 'done' ? 'green' : undefined}
            />
          ))}
          {hidden > 0 ? <Line text={`  +${hidden} more accounts`} width={width} useColor={color} color="gray" /> : null}
        </>
      ) : null}
    </Box>
  );
}
