/**
 * Launcher for the tmux end-to-end test: `node --import tsx test/tui/review-e2e-entry.ts REPORT.json [BASELINE.json]`.
 * Stands in for `lambda-audit review REPORT.json --baseline FILE` so the review runs in a real pseudo-terminal.
 */
import { readFile } from 'node:fs/promises';
import type { Report } from '../../src/core/types.js';
import { runReview } from '../../src/tui/review.js';

const [reportFile, baselineFile] = process.argv.slice(2);
if (!reportFile) {
  process.stderr.write('usage: review-e2e-entry.ts REPORT.json [BASELINE.json]\n');
  process.exit(2);
}
const report = JSON.parse(await readFile(reportFile, 'utf8')) as Report;
await runReview({ report, baselineFile: baselineFile ?? null });
