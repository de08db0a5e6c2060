/** Parses across cores with worker_threads; files the pre-filter rules out never leave the calling thread. */
import { withContentMemo } from './memo.js';
import { Worker } from 'node:worker_threads';
import { AnalysisError } from '../core/errors.js';
import type { FileAnalysis } from '../core/types.js';
import { createAnalyzer } from './index.js';
import { skipWithoutParsing } from './prefilter.js';
import type { AnalyzeRequest, WorkerMessage } from './worker-protocol.js';

export interface AnalysisPool {
  analyze(file: string, bytes: Uint8Array): Promise<FileAnalysis>;
  close(): Promise<void>;
  readonly size: number;
}

/** Requests posted ahead per worker: keeps it busy while its last result travels back, bounds copies in flight. */
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
  file: string;
  bytes: Uint8Array;
  resolve: (r: FileAnalysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  inflight: Map<number, Task>;
  ready: boolean;
}

/** Identical file contents (vendored libraries repeated across packages) are analysed once per pool. */
export async function createAnalysisPool(size: number): Promise<AnalysisPool> {
  return withContentMemo(size <= 1 ? await inThreadPool() : await workerPool(Math.floor(size)));
}

async function inThreadPool(): Promise<AnalysisPool> {
  const analyzer = await createAnalyzer();
  return {
    size: 1,
    analyze: async (file, bytes) => analyzer.analyze(file, bytes),
    close: async () => analyzer.dispose(),
  };
}

async function workerPool(size: number): Promise<AnalysisPool> {
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
          if (slot.inflight.size === 0) slot.worker.unref();
          if (task) {
            if (m.type === 'result') task.resolve(m.result);
            else task.reject(new AnalysisError(m.message));
          }
          pump();
        }
      });
      slot.worker.on('error', (err) => crashed(slot, err, reject));
      slot.worker.on('exit', (code) => crashed(slot, new Error(`exited with code ${code}`), reject));
    });
  }

  /** Fails the crashed worker's files and replaces it, so one pathological file cannot stall the pool. */
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
      // Copy into an exact-size buffer and transfer it: the caller's array stays intact and may be a view on a shared pool.
      const bytes = task.bytes.slice();
      const req: AnalyzeRequest = { id, file: task.file, bytes };
      best.worker.postMessage(req, [bytes.buffer]);
    }
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
      return new Promise<FileAnalysis>((resolve, reject) => {
        queue.push({ file, bytes, resolve, reject });
        pump();
      });
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
