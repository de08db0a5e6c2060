/** Worker thread entry: one analyzer (own WASM instance and parser) and one content memo per thread. */
import { parentPort } from 'node:worker_threads';
import { describeCause } from '../core/errors.js';
import { createAnalyzer, type PythonAnalyzer } from './index.js';
import { serializeError } from './package-job.js';
import { createInThreadPool } from './pool.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('analysis worker must run in a worker thread');
const send = (m: WorkerMessage): void => port.postMessage(m);

let analyzer: PythonAnalyzer | null = null;
try {
  analyzer = await createAnalyzer();
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'failed', message: describeCause(err) });
}

if (analyzer !== null) {
  const a = analyzer;
  const pool = createInThreadPool(a);
  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'file') {
      try {
        send({ type: 'result', id: req.id, result: a.analyze(req.file, req.bytes) });
      } catch (err) {
        send({ type: 'error', id: req.id, error: serializeError(err) });
      }
      return;
    }
    const data = Buffer.from(req.data.buffer, req.data.byteOffset, req.data.byteLength);
    pool.analyzeZip(data, req.label, req.limits, req.opts).then(
      (result) => send({ type: 'package', id: req.id, result }),
      (err: unknown) => send({ type: 'error', id: req.id, error: serializeError(err) }),
    );
  });
}
