import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Report } from '../core/types.js';
import { writeJsonReport } from '../report/json.js';
import { writeHtml } from '../report/html/index.js';
import { writeSarif } from '../report/sarif.js';
import { writeCsv } from '../report/csv.js';

export type Format = 'json' | 'html' | 'sarif' | 'csv';
export const FORMATS: readonly Format[] = ['json', 'html', 'sarif', 'csv'];
const EXTENSION: Record<Format, string> = { json: 'json', html: 'html', sarif: 'sarif', csv: 'csv' };

export interface OutputRequest {
  /** Exact files asked for with --json/--html/--sarif/--csv. */
  files: Partial<Record<Format, string>>;
  /** --out-dir: every format in `formats` under a timestamped default name. */
  outDir: string | null;
  formats: readonly Format[];
}

/** `lambda-audit-2026-12-04T15-30-00Z`: sortable and safe on every file system. */
export function defaultBaseName(startedAt: string): string {
  return `lambda-audit-${startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}`;
}

export function plannedOutputs(req: OutputRequest, startedAt: string): Array<[Format, string]> {
  const out: Array<[Format, string]> = [];
  for (const format of FORMATS) {
    const file = req.files[format];
    if (file) out.push([format, file]);
  }
  if (req.outDir !== null) {
    const base = defaultBaseName(startedAt);
    for (const format of req.formats) {
      if (!req.files[format]) out.push([format, join(req.outDir, `${base}.${EXTENSION[format]}`)]);
    }
  }
  return out;
}

const WRITERS: Record<Format, (report: Report, file: string) => Promise<void>> = {
  json: writeJsonReport,
  html: writeHtml,
  sarif: writeSarif,
  csv: writeCsv,
};

/** JSON first: it is the source of truth, so it lands even if another format fails. */
export async function writeOutputs(report: Report, req: OutputRequest): Promise<Array<[Format, string]>> {
  const planned = plannedOutputs(req, report.startedAt);
  for (const [format, file] of planned) {
    await mkdir(dirname(file), { recursive: true });
    await WRITERS[format](report, file);
  }
  return planned;
}
