/** Messages between the analysis pool and its workers. */
import type { FileAnalysis } from '../core/types.js';

export interface AnalyzeRequest {
  id: number;
  file: string;
  /** A private copy whose buffer is transferred, not cloned. */
  bytes: Uint8Array;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: FileAnalysis }
  | { type: 'error'; id: number; message: string };
