/** Whole-zip analysis, as a worker runs it per job and the in-thread pool runs it directly; errors as plain data. */
import { openZip, type ArchiveLimits } from '../archive/index.js';
import { AccessError, AnalysisError, ArchiveError, AuditError, ConfigError, FetchError, describeCause } from '../core/errors.js';
import { analyzePackage, type PackageAnalysis } from '../scan/analyze-package.js';
import type { AnalysisPool } from './pool.js';
import { createEntryMemo } from './memo.js';

/** One per thread: every zip this thread analyses shares it. */
const entryMemo = createEntryMemo();

export interface ZipJobOptions {
  handler: string | null;
  isLayer: boolean;
  ownPaths: string[];
  vendoredPaths: string[];
}

export async function analyzeZipWith(
  pool: AnalysisPool,
  data: Buffer,
  label: string,
  limits: ArchiveLimits,
  opts: ZipJobOptions,
): Promise<PackageAnalysis> {
  const pkg = openZip(data, label, limits);
  return analyzePackage(pkg, { handler: opts.handler, isLayer: opts.isLayer, ownPaths: opts.ownPaths, vendoredPaths: opts.vendoredPaths, pool, memo: entryMemo });
}

/** Structured clone keeps neither an error's class nor its own fields, so they cross threads as this. */
export interface SerializedError {
  name: string;
  /** Set for AuditErrors only. */
  code: string | null;
  message: string;
  target: string | null;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof AuditError) return { name: err.name, code: err.code, message: err.message, target: err.target };
  return { name: err instanceof Error ? err.name : 'Error', code: null, message: describeCause(err), target: null };
}

type Options = { target?: string | null };
const CLASSES: Record<string, new (message: string, options: Options) => AuditError> = {
  ConfigError,
  ArchiveError,
  AccessError,
  FetchError,
  AnalysisError,
};

export function rebuildError(e: SerializedError): Error {
  const options: Options = { target: e.target };
  const Class = CLASSES[e.name];
  if (Class !== undefined) return new Class(e.message, options);
  if (e.code !== null) return new AuditError(e.code, e.message, options);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
