/** Messages between the analysis pool and its workers. */
import type { ArchiveLimits } from '../archive/index.js';
import type { FileAnalysis } from '../core/types.js';
import type { PackageAnalysis } from '../scan/analyze-package.js';
import type { SerializedError, ZipJobOptions } from './package-job.js';

export interface AnalyzeRequest {
  type: 'file';
  id: number;
  file: string;
  /** A private copy whose buffer is transferred, not cloned. */
  bytes: Uint8Array;
}

/** A whole zip: opened, classified and analysed in the worker. */
export interface ZipRequest {
  type: 'zip';
  id: number;
  /** The zip's own ArrayBuffer, transferred. */
  data: Uint8Array;
  label: string;
  limits: ArchiveLimits;
  opts: ZipJobOptions;
}

export type WorkerRequest = AnalyzeRequest | ZipRequest;

export type WorkerReply =
  | { type: 'result'; id: number; result: FileAnalysis }
  | { type: 'package'; id: number; result: PackageAnalysis }
  | { type: 'error'; id: number; error: SerializedError };

export type WorkerMessage = { type: 'ready' } | { type: 'failed'; message: string } | WorkerReply;
