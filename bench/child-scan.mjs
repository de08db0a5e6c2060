// Bench child: one local scan in a fresh process (compiled dist/), so its wall time and peak RSS are its own.
import { peakRssKiB } from './peak-rss.mjs';
import { runLocalScan } from '../dist/scan/local-scan.js';
import { DEFAULT_LIMITS } from '../dist/archive/index.js';

const [concurrency, ...paths] = process.argv.slice(2);
const started = performance.now();
const report = await runLocalScan(
  { paths, handler: null, ownPaths: [], vendoredPaths: [], limits: DEFAULT_LIMITS, concurrency: Number(concurrency) },
  () => {},
);
console.log(
  JSON.stringify({
    wallMs: performance.now() - started,
    maxRssKiB: peakRssKiB(),
    findings: report.findings.length,
    targets: report.targets.map((t) => ({ id: t.id, status: t.status, reason: t.reason, sourceFiles: t.sourceFiles, bytes: t.bytes })),
  }),
);
