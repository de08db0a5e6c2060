/** Worker thread entry: one analyzer (own WASM instance and parser) per thread. */
import { parentPort } from 'node:worker_threads';
import { describeCause } from '../core/errors.js';
import { createAnalyzer, type PythonAnalyzer } from './index.js';
import type { AnalyzeRequest, WorkerMessage } from './worker-protocol.js';

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
  port.on('message', (req: AnalyzeRequest) => {
    try {
      send({ type: 'result', id: req.id, result: a.analyze(req.file, req.bytes) });
    } catch (err) {
      send({ type: 'error', id: req.id, message: describeCause(err) });
    }
  });
}
