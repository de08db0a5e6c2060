// Bench child: one fleet audit (compiled dist/) in a fresh process. Prints wall ms, peak RSS, counts.
import { peakRssKiB } from './peak-rss.mjs';
import { runFleetAudit } from '../dist/scan/fleet-audit.js';
import { parseConfig } from '../dist/config/index.js';

const [endpoint, downloads, analysis, cacheDir] = process.argv.slice(2);
const config = parseConfig(
  {
    regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'],
    concurrency: { accounts: 3, downloads: Number(downloads), analysis: Number(analysis), getFunctionPerSecond: 100, callsPerSecond: 15 },
    cache: cacheDir !== 'none',
    cacheDir: cacheDir === 'none' ? null : cacheDir,
  },
  'bench',
);
let downloaded = 0;
const started = performance.now();
const report = await runFleetAudit({ config, endpoint }, (e) => {
  if (e.type === 'download' && e.totalBytes !== null && e.bytes === e.totalBytes) downloaded += e.bytes;
});
const byStatus = {};
for (const t of report.targets) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
console.log(
  JSON.stringify({
    wallMs: performance.now() - started,
    maxRssKiB: peakRssKiB(),
    functions: report.targets.filter((t) => t.kind === 'function').length,
    byStatus,
    findings: report.findings.length,
    downloadedBytes: downloaded,
    complete: report.summary.complete,
  }),
);
