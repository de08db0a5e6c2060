/**
 * CSV for spreadsheets: one row per finding per function (a layer's finding is repeated for every function
 * that uses that layer). RFC 4180 via csv-stringify: CRLF records, quoting as needed. Written as UTF-8 with a
 * byte order mark by default, because Excel opens BOM-less CSV in the ANSI code page and garbles non-ASCII
 * account names and snippets; pass `bom: false` for tools that choke on it.
 */
import { stringify } from 'csv-stringify/sync';
import type { Finding, Report, Target } from '../core/types.js';
import { fingerprintOwner } from '../core/fingerprint.js';
import { writeAtomic } from './json.js';

export interface CsvRow {
  targetId: string;
  account: string;
  accountName: string;
  region: string;
  function: string;
  layer: string;
  file: string;
  line: number;
  column: number;
  primitive: string;
  kind: string;
  scope: string;
  enclosing: string;
  origin: string;
  package: string;
  status: string;
  reason: string;
  baseline: string;
  fingerprint: string;
  firstSeen: string;
  snippet: string;
}

export const CSV_COLUMNS: ReadonlyArray<keyof CsvRow> = [
  'targetId', 'account', 'accountName', 'region', 'function', 'layer', 'file', 'line', 'column', 'primitive', 'kind',
  'scope', 'enclosing', 'origin', 'package', 'status', 'reason', 'baseline', 'fingerprint', 'firstSeen', 'snippet',
];

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or tab / CR, which some apps skip before
 * parsing) is evaluated as a formula. A leading single quote makes it text.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function row(f: Finding, target: Target | undefined, fn: Target | undefined): CsvRow {
  const isLayer = target?.kind === 'layer';
  const owner = target ? fingerprintOwner(target) : f.target;
  const where = fn ?? (isLayer ? undefined : target);
  return {
    targetId: f.target,
    account: where?.account ?? target?.account ?? '',
    accountName: where?.accountName ?? target?.accountName ?? '',
    region: where?.region ?? target?.region ?? '',
    function: fn ? fingerprintOwner(fn) : isLayer ? '' : owner,
    layer: isLayer ? owner : '',
    file: f.file,
    line: f.line,
    column: f.column,
    primitive: f.primitive,
    kind: f.kind,
    scope: f.scope,
    enclosing: f.function,
    origin: f.origin,
    package: f.package ?? '',
    status: f.status,
    reason: f.reason ?? '',
    baseline: f.baseline ?? '',
    fingerprint: f.id,
    firstSeen: f.firstSeen ?? '',
    snippet: f.snippet,
  };
}

/** Rows before neutralisation and serialisation. Layer findings fan out to the functions using the layer (matched by LayerVersionArn). */
export function* iterCsvRows(report: Report): Generator<CsvRow> {
  const targets = new Map(report.targets.map((t) => [t.id, t]));
  const usersOf = new Map<string, Target[]>();
  for (const t of report.targets) {
    if (t.kind !== 'function') continue;
    for (const arn of t.layers ?? []) usersOf.set(arn, [...(usersOf.get(arn) ?? []), t]);
  }
  for (const f of report.findings) {
    const target = targets.get(f.target);
    const users = target?.kind === 'layer' ? usersOf.get(target.id) ?? [] : [];
    if (users.length === 0) yield row(f, target, undefined);
    else for (const fn of users) yield row(f, target, fn);
  }
}

export function toCsvRows(report: Report): CsvRow[] {
  return [...iterCsvRows(report)];
}

export interface CsvOptions {
  /** UTF-8 byte order mark for Excel; default true. */
  bom?: boolean;
}

const BATCH = 1000;

function serialise(rows: readonly CsvRow[], header: boolean, bom: boolean): string {
  const records = rows.map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, typeof r[c] === 'string' ? neutraliseCell(r[c]) : r[c]])));
  return stringify(records, {
    header,
    bom,
    columns: CSV_COLUMNS.map((c) => ({ key: c, header: c })),
    record_delimiter: 'windows',
    // With CRLF records csv-stringify does not quote a lone LF or CR inside a cell; RFC 4180 readers need it quoted.
    quoted_match: /[\r\n]/,
  });
}

function* csvChunks(report: Report, opts: CsvOptions): Generator<string> {
  let batch: CsvRow[] = [];
  let first = true;
  for (const r of iterCsvRows(report)) {
    batch.push(r);
    if (batch.length === BATCH) {
      yield serialise(batch, first, first && (opts.bom ?? true));
      first = false;
      batch = [];
    }
  }
  if (first || batch.length > 0) yield serialise(batch, first, first && (opts.bom ?? true));
}

/** The whole CSV as one string (for small reports and tests). */
export function toCsv(report: Report, opts: CsvOptions = {}): string {
  return [...csvChunks(report, opts)].join('');
}

/** Atomic, written in batches of rows. */
export async function writeCsv(report: Report, file: string, opts: CsvOptions = {}): Promise<void> {
  await writeAtomic(file, csvChunks(report, opts));
}
