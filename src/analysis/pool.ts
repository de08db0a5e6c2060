/**
 * Parses across cores with worker_threads. Whole zips go to a worker (open, classify, analyse there);
 * single files (directories) are pre-filtered and memoised in the calling thread first.
 */
import { withContentMemo } from './memo.js';
import { Worker } from 'node:worker_threads';
import type { ArchiveLimits } from '../archive/index.js';
import { AnalysisError, AuditError } from '../core/errors.js';
import type { FileAnalysis } from '../core/types.js';
import type { PackageAnalysis } from '../scan/analyze-package.js';
import { createAnalyzer, type PythonAnalyzer } from './index.js';
import { analyzeZipWith, rebuildError, type ZipJobOptions } from './package-job.js';
import { skipWithoutParsing } from './prefilter.js';
import type { WorkerMessage, WorkerReply, WorkerRequest } from './worker-protocol.js';

export type { ZipJobOptions } from './package-job.js';

export interface AnalysisPool {
  analyze(file: string, bytes: Uint8Array): Promise<FileAnalysis>;
  /**
   * Opens and analyses a whole zip. `data` may be consumed: a worker pool transfers its memory
   * (it reads as empty afterwards) unless it is a view on a larger buffer, which is copied.
   * Optional because file-level wrappers such as withContentMemo do not carry it: call it through
   * `analyzeZip(pool, …)`, which falls back to the calling thread.
   */
  analyzeZip?(data: Buffer, label: string, limits: ArchiveLimits, opts: ZipJobOptions): Promise<PackageAnalysis>;
  close(): Promise<void>;
  readonly size: number;
}

export type PackagePool = AnalysisPool & Required<Pick<AnalysisPool, 'analyzeZip'>>;

export function analyzeZip(pool: AnalysisPool, data: Buffer, label: string, limits: ArchiveLimits, opts: ZipJobOptions): Promise<PackageAnalysis> {
  return pool.analyzeZip ? pool.analyzeZip(data, label, limits, opts) : analyzeZipWith(pool, data, label, limits, opts);
}

/**
 * Jobs posted ahead per worker: the next one is already waiting when a worker finishes, instead of
 * waiting for this thread (busy with downloads) to hear back; bounds copies in flight.
 */
const PER_WORKER = 2;

// Under tsx (tests) this module is .ts and so is its worker; compiled to dist/ both are .js.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

function startWorker(): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL);
  // Node 20 hands `--import tsx` to workers but its loader hooks do not reach the worker's own imports:
  // register tsx inside the worker before loading the TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(WORKER_URL.href)}))`;
  return new Worker(boot, { eval: true });
}

interface Task {
  /** Builds the request and what it transfers; called once, when the task leaves the queue. */
  request(id: number): { req: WorkerRequest; transfer: ArrayBuffer[] };
  settle(reply: WorkerReply): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Task>;
  ready: boolean;
}

/** Identical file contents (vendored libraries repeated across packages) are analysed once per pool (per worker for zips). */
export async function createAnalysisPool(size: number): Promise<PackagePool> {
  if (size <= 1) return createInThreadPool(await createAnalyzer());
  const workers = await workerPool(Math.floor(size));
  const files = withContentMemo(workers);
  return { size: workers.size, analyze: (file, bytes) => files.analyze(file, bytes), analyzeZip: workers.analyzeZip, close: () => workers.close() };
}

/** Everything in the calling thread, with its own content memo; also what each worker runs. */
export function createInThreadPool(analyzer: PythonAnalyzer): PackagePool {
  const files = withContentMemo({
    size: 1,
    analyze: async (file, bytes) => analyzer.analyze(file, bytes),
    close: async () => analyzer.dispose(),
  });
  return {
    size: 1,
    analyze: (file, bytes) => files.analyze(file, bytes),
    analyzeZip: async (data, label, limits, opts) => analyzeZipWith(files, data, label, limits, opts),
    close: () => files.close(),
  };
}

/** The zip's memory, detached from the caller when it owns the whole buffer; otherwise an exact-size copy. */
function ownBytes(data: Buffer): Uint8Array {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
  return whole ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data);
}

function unexpected(reply: WorkerReply): AnalysisError {
  return new AnalysisError(`analysis worker sent an unexpected ${reply.type} reply`);
}

async function workerPool(size: number): Promise<PackagePool> {
  const queue: Task[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Promise<Slot> {
    const slot: Slot = { worker: startWorker(), inflight: new Map(), ready: false };
    return new Promise<Slot>((resolve, reject) => {
      slot.worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          slot.ready = true;
          slot.worker.unref();
          resolve(slot);
          pump();
        } else if (m.type === 'failed') {
          reject(new AnalysisError(`analysis worker could not start: ${m.message}`));
          void slot.worker.terminate();
        } else {
          const task = slot.inflight.get(m.id);
          slot.inflight.delete(m.id);
          task?.settle(m);
          if (slot.inflight.size === 0) slot.worker.unref();
          pump();
        }
      });
      slot.worker.on('error', (err) => crashed(slot, err, reject));
      slot.worker.on('exit', (code) => crashed(slot, new Error(`exited with code ${code}`), reject));
    });
  }

  /** Fails the crashed worker's jobs and replaces it, so one pathological package cannot stall the pool. */
  function crashed(slot: Slot, err: Error, rejectStart: (e: Error) => void): void {
    const error = new AnalysisError(`analysis worker failed: ${err.message}`, { cause: err });
    rejectStart(error);
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    for (const t of slot.inflight.values()) t.reject(error);
    slot.inflight.clear();
    if (closed) return;
    spawn().then(
      (s) => {
        slots.push(s);
        pump();
      },
      (e: Error) => {
        if (slots.length === 0) for (const t of queue.splice(0)) t.reject(e);
      },
    );
  }

  function pump(): void {
    while (queue.length > 0) {
      let best: Slot | null = null;
      for (const s of slots) if (s.ready && s.inflight.size < PER_WORKER && (best === null || s.inflight.size < best.inflight.size)) best = s;
      if (best === null) return;
      const task = queue.shift()!;
      const id = nextId++;
      best.inflight.set(id, task);
      best.worker.ref();
      const { req, transfer } = task.request(id);
      best.worker.postMessage(req, transfer);
    }
  }

  function enqueue(task: Task): void {
    queue.push(task);
    pump();
  }

  const started = await Promise.allSettled(Array.from({ length: size }, () => spawn()));
  for (const r of started) if (r.status === 'fulfilled') slots.push(r.value);
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failure.reason instanceof Error ? failure.reason : new AnalysisError(String(failure.reason));
  }

  return {
    size,
    analyze(file, bytes) {
      if (closed) return Promise.reject(new AnalysisError('analysis pool is closed'));
      const skip = skipWithoutParsing(bytes);
      if (skip !== null) return Promise.resolve(skip);
      return new Promise<FileAnalysis>((resolve, reject) =>
        enqueue({
          request(id) {
            // Copy into an exact-size buffer and transfer it: the caller's array stays intact and may be a view on a shared pool.
            const copy = bytes.slice();
            return { req: { type: 'file', id, file, bytes: copy }, transfer: [copy.buffer] };
          },
          settle(reply) {
            if (reply.type === 'result') return resolve(reply.result);
            if (reply.type !== 'error') return reject(unexpected(reply));
            const err = rebuildError(reply.error);
            reject(err instanceof AuditError ? err : new AnalysisError(err.message));
          },
          reject,
        }),
      );
    },
    analyzeZip(data, label, limits, opts) {
      if (closed) return Promise.reject(new AnalysisError('analysis pool is closed'));
      // Any copy is made now, so a caller's view on a larger buffer is never read after this returns.
      const own = ownBytes(data);
      return new Promise<PackageAnalysis>((resolve, reject) =>
        enqueue({
          request: (id) => ({ req: { type: 'zip', id, data: own, label, limits, opts }, transfer: [own.buffer as ArrayBuffer] }),
          settle(reply) {
            if (reply.type === 'package') resolve(reply.result);
            else reject(reply.type === 'error' ? rebuildError(reply.error) : unexpected(reply));
          },
          reject,
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      const error = new AnalysisError('analysis pool closed');
      for (const t of queue.splice(0)) t.reject(error);
      const all = slots.splice(0);
      for (const s of all) for (const t of s.inflight.values()) t.reject(error);
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
