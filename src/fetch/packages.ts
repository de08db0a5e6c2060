/**
 * Turns a package identity into a PackageAnalysis: from the cache, else locate → download → open →
 * analyse inside one bounded slot, so no more zips are held in memory than downloads are in flight.
 * Each identity (cache key) is handled once per run; every target sharing it awaits the same result.
 */
import type { LimitFunction } from 'p-limit';
import type { ArchiveLimits } from '../archive/index.js';
import { analyzeZip, type AnalysisPool } from '../analysis/pool.js';
import { AuditError, AccessError, FetchError } from '../core/errors.js';
import type { AnalysisCache, CacheEntry } from '../cache/index.js';
import { classifyAwsError, type RetryReason } from '../fleet/classify.js';
import { fetchCode, type CodeLocation, type DownloadLimits } from './download.js';
import type { Redactor } from './redact.js';

export interface PackageJob {
  /** Cache key (analysisKey). */
  key: string;
  /** The target the download is reported under. */
  target: string;
  handler: string | null;
  isLayer: boolean;
  /** Expected CodeSha256 when known before locating (functions: from ListFunctions). */
  expectedSha256: string | null;
  /** GetFunction / GetLayerVersionByArn, called inside the download slot right before the download. */
  locate: () => Promise<CodeLocation & { codeSize: number | null }>;
}

export type PackageOutcome =
  | { kind: 'ok'; entry: CacheEntry; cached: boolean; notes: string[] }
  | { kind: 'error'; error: AuditError }
  | { kind: 'interrupted' };

export interface PackageRunnerOptions {
  cache: AnalysisCache;
  /** The download+analysis slots (p-limit of concurrency.downloads). */
  slots: LimitFunction;
  pool: () => Promise<AnalysisPool>;
  downloadLimits: DownloadLimits;
  archiveLimits: ArchiveLimits;
  ownPaths: string[];
  vendoredPaths: string[];
  redactor: Redactor;
  signal?: AbortSignal;
  onDownloadStart: () => void;
  onAnalyseStart: () => void;
  onProgress: (target: string, bytes: number, total: number | null) => void;
  onRetry: (target: string, reason: RetryReason, attempt: number) => void;
}

/** Converts whatever a locate/download/analysis step threw into a typed error with a scrubbed message. */
export function toAuditError(err: unknown, target: string, redactor: Redactor): AuditError {
  if (err instanceof AuditError) {
    const message = redactor.redact(err.message);
    if (message === err.message) return err;
    return new AuditError(err.code, message, { target: err.target ?? target });
  }
  const message = redactor.message(err);
  if (classifyAwsError(err) === 'denied') return new AccessError(`access denied: ${message}`, { target });
  return new FetchError(message, { target });
}

export class PackageRunner {
  private readonly inflight = new Map<string, Promise<PackageOutcome>>();
  /** Downloads made in this run (for tests and the summary of a cached re-run). */
  downloads = 0;
  cacheHits = 0;

  constructor(private readonly opts: PackageRunnerOptions) {}

  run(job: PackageJob): Promise<PackageOutcome> {
    let p = this.inflight.get(job.key);
    if (!p) {
      p = this.execute(job);
      this.inflight.set(job.key, p);
    }
    return p;
  }

  private interrupted(): boolean {
    return this.opts.signal?.aborted ?? false;
  }

  private async execute(job: PackageJob): Promise<PackageOutcome> {
    if (this.interrupted()) return { kind: 'interrupted' };
    const hit = await this.opts.cache.get(job.key);
    if (hit) {
      this.cacheHits++;
      return { kind: 'ok', entry: hit, cached: true, notes: [] };
    }
    return this.opts.slots(() => this.downloadAndAnalyse(job));
  }

  private async downloadAndAnalyse(job: PackageJob): Promise<PackageOutcome> {
    if (this.interrupted()) return { kind: 'interrupted' };
    const o = this.opts;
    try {
      let codeSize: number | null = null;
      o.onDownloadStart();
      this.downloads++;
      const fetched = await fetchCode({
        target: job.target,
        locate: async () => {
          const loc = await job.locate();
          codeSize = loc.codeSize;
          return loc;
        },
        limits: o.downloadLimits,
        signal: o.signal,
        onProgress: (bytes, total) => o.onProgress(job.target, bytes, total),
        onRetry: (reason, attempt) => o.onRetry(job.target, reason, attempt),
      });
      const notes: string[] = [];
      // The code changed between ListFunctions and GetFunction: what was analysed is the newer code.
      const changed = job.expectedSha256 !== null && fetched.codeSha256 !== job.expectedSha256;
      if (changed) notes.push(`code changed during the audit; analysed CodeSha256 ${fetched.codeSha256}`);
      // Read before the pool takes the zip's memory (a transferred buffer reads as empty).
      const downloadedSize = fetched.data.length;
      o.onAnalyseStart();
      const analysis = await analyzeZip(await o.pool(), fetched.data, job.target, o.archiveLimits, {
        handler: job.handler,
        isLayer: job.isLayer,
        ownPaths: o.ownPaths,
        vendoredPaths: o.vendoredPaths,
      });
      const entry: CacheEntry = { analysis, codeSha256: fetched.codeSha256, codeSize: codeSize ?? downloadedSize };
      // Cached under the key of the code it describes only.
      if (!changed) await o.cache.put(job.key, entry);
      return { kind: 'ok', entry, cached: false, notes };
    } catch (err) {
      if (this.interrupted()) return { kind: 'interrupted' };
      return { kind: 'error', error: toAuditError(err, job.target, o.redactor) };
    }
  }
}
