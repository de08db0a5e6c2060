/** `npm run bench [engine|fleet]`: runs the benchmarks side by side and rewrites the results section of BENCHMARKS.md. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { benchEngine, engineMarkdown, EXTRA_DEBIAN } from './engine.js';
import { benchFleet, fleetMarkdown } from './fleet.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'all';

execFileSync(process.execPath, [join(root, 'test', 'setup', 'fetch-debian.mjs'), ...EXTRA_DEBIAN], { stdio: 'inherit' });
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
const file = join(root, 'BENCHMARKS.md');

/** Rewrites one results section between its markers, leaving the other section's last results in place. */
function record(section: 'engine' | 'fleet', title: string, markdown: string): void {
  const body = `<!-- ${section}:start -->\n### ${title}\n\nRun: ${machine}.\n\n${markdown}\n<!-- ${section}:end -->`;
  const text = readFileSync(file, 'utf8');
  const marker = new RegExp(`<!-- ${section}:start -->[\\s\\S]*<!-- ${section}:end -->`);
  writeFileSync(file, text.replace(marker, body));
  console.log(body);
}

if (which === 'all' || which === 'engine') {
  const r = await benchEngine();
  console.log(JSON.stringify(r, null, 2));
  record('engine', 'Scanning engine', engineMarkdown(r));
}
if (which === 'all' || which === 'fleet') {
  const r = await benchFleet();
  console.log(JSON.stringify(r, null, 2));
  record('fleet', 'Fleet audit', fleetMarkdown(r));
}
