import { readFile, stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import { openDirectory, type ArchiveLimits } from '../archive/index.js';
import { createAnalysisPool, type PackagePool } from '../analysis/pool.js';
import { AuditError, describeCause } from '../core/errors.js';
import type { EventSink } from '../core/events.js';
import type { Finding, Report, ReportError, Target, TargetKind } from '../core/types.js';
import { summarize } from '../report/summary.js';
import { TOOL } from '../core/tool.js';
import { analyzePackage, toFindings, type PackageAnalysis } from './analyze-package.js';

export interface LocalScanOptions {
  paths: string[];
  handler: string | null;
  ownPaths: string[];
  vendoredPaths: string[];
  limits: ArchiveLimits;
  /** Analysis worker threads. */
  concurrency: number;
  signal?: AbortSignal;
}

/** Directories are read and pre-filtered here; zips go whole to the pool (a worker when there are several). */
async function analyzeLocal(path: string, o: LocalScanOptions, pool: PackagePool): Promise<{ kind: TargetKind; analysis: PackageAnalysis }> {
  const limits = o.limits;
  const opts = { handler: o.handler, isLayer: false, ownPaths: o.ownPaths, vendoredPaths: o.vendoredPaths };
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    throw new AuditError('not-found', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? describeCause(cause)}`, { target: path, cause });
  }
  if (info.isDirectory()) return { kind: 'directory', analysis: await analyzePackage(await openDirectory(path, path, limits), { ...opts, pool }) };
  if (info.size > limits.maxTotalBytes) {
    throw new AuditError('archive', `archive is ${info.size} bytes, over the ${limits.maxTotalBytes}-byte cap`, { target: path });
  }
  return { kind: 'archive', analysis: await pool.analyzeZip(await readFile(path), path, limits, opts) };
}

function guessKind(path: string): TargetKind {
  return /\.zip$/i.test(path) ? 'archive' : 'directory';
}

export async function runLocalScan(opts: LocalScanOptions, sink: EventSink): Promise<Report> {
  const startedAt = new Date().toISOString();
  sink({ type: 'start', mode: 'local', at: startedAt });
  sink({ type: 'phase', phase: 'analyse' });
  sink({ type: 'planned', total: opts.paths.length });
  // A zip is analysed whole by one thread, so more threads than zips only add start-up cost; folders
  // spread their files over every thread.
  const zipsOnly = opts.paths.every((p) => /\.zip$/i.test(p));
  const pool = await createAnalysisPool(zipsOnly ? Math.min(opts.concurrency, opts.paths.length) : opts.concurrency);
  const targets: Target[] = new Array<Target>(opts.paths.length);
  const findings: Finding[][] = opts.paths.map(() => []);
  const errors: ReportError[] = [];
  // Packages are held in memory while analysed: two at a time bounds memory at 2 × the archive cap.
  const limit = pLimit(2);
  let interrupted = false;
  try {
    await Promise.all(
      opts.paths.map((path, i) =>
        limit(async () => {
          const base: Target = { id: path, kind: guessKind(path), status: 'scanned', reason: null, sourceFiles: 0, bytes: 0, notes: [], parseErrors: [] };
          if (opts.signal?.aborted) {
            interrupted = true;
            targets[i] = { ...base, status: 'skipped', reason: 'audit interrupted before this target started' };
            sink({ type: 'target-done', target: targets[i]!, findings: 0, ownOpen: 0 });
            return;
          }
          sink({ type: 'target-start', id: path, kind: base.kind });
          try {
            const { kind, analysis } = await analyzeLocal(path, opts, pool);
            findings[i] = toFindings(analysis, { id: path, kind });
            targets[i] = { ...base, kind, sourceFiles: analysis.sourceFiles, bytes: analysis.bytes, notes: analysis.notes, parseErrors: analysis.parseErrors };
          } catch (cause) {
            const code = cause instanceof AuditError ? cause.code : 'internal';
            const message = describeCause(cause);
            targets[i] = { ...base, status: 'error', reason: message };
            const error: ReportError = { target: path, code, message };
            errors.push(error);
            sink({ type: 'error', error });
          }
          const done = findings[i]!;
          sink({ type: 'target-done', target: targets[i]!, findings: done.length, ownOpen: done.filter((f) => f.origin === 'own' && f.status === 'open').length });
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  if (interrupted) sink({ type: 'interrupted' });
  const allFindings = findings.flat();
  const summary = summarize(targets, allFindings, { interrupted });
  return { schemaVersion: 1, tool: TOOL, startedAt, finishedAt: new Date().toISOString(), targets, findings: allFindings, errors, summary };
}
