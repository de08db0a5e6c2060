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

const sections: string[] = [];
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
if (which === 'all' || which === 'engine') {
  const r = await benchEngine();
  console.log(JSON.stringify(r, null, 2));
  sections.push('### Scanning engine\n\n' + engineMarkdown(r));
}
if (which === 'all' || which === 'fleet') {
  const r = await benchFleet();
  console.log(JSON.stringify(r, null, 2));
  sections.push('### Fleet audit\n\n' + fleetMarkdown(r));
}
const body = `<!-- results:start -->\nLast run: ${machine}.\n\n${sections.join('\n\n')}\n<!-- results:end -->`;
const file = join(root, 'BENCHMARKS.md');
const text = readFileSync(file, 'utf8');
const replaced = text.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, body);
writeFileSync(file, which === 'all' ? replaced : replaced);
console.log(body);
