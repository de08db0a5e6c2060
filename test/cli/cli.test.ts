/**
 * The CLI as users run it: `node bin/lambda-audit.js …` from the compiled build, in a child process,
 * checking exit codes, stdout/stderr and the files written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { readReport } from '../../src/report/json.js';
import { buildZip, notAZip, zipSlip } from '../helpers/zip.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'lambda-audit.js');

function cli(args: string[], cwd = root): { code: number; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: '1' };
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'lambda-audit-cli-'));
const sample = (name: string): string => join(root, 'samples', name);

describe('scan-local', () => {
  it('scans the samples, writes a valid JSON report to exactly --json and exits 1 on own-code violations', async () => {
    const dir = tmp();
    const json = join(dir, 'out', 'report.json');
    const r = cli(['scan-local', sample('orders-api'), sample('clean-worker'), '--json', json, '--no-tui']);
    assert.equal(r.code, EXIT.violations, r.stderr);
    const report = await readReport(json);
    assert.equal(report.targets.length, 2);
    assert.ok(report.targets.every((t) => t.status === 'scanned'));
    const own = report.findings.filter((f) => f.origin === 'own' && f.status === 'open');
    assert.deepEqual(
      [...new Set(own.map((f) => f.primitive))].sort(),
      ['concurrent.futures.ThreadPoolExecutor', 'threading', 'threading.Lock'],
    );
    assert.ok(report.findings.some((f) => f.origin === 'vendored' && f.package === 'fastcache'));
    assert.equal(report.findings.filter((f) => f.target === sample('clean-worker')).length, 0, 'asyncio code and own names are not findings');
    assert.match(r.stdout, /open violations in own code/);
    assert.ok(r.stdout.includes(json), 'the summary says where the report went');
    assert.deepEqual(readdirSync(join(dir, 'out')), ['report.json'], 'only the requested file, no temporary left behind');
  });

  it('--fail-on none exits 0; --fail-on any counts vendored findings too', () => {
    const dir = tmp();
    assert.equal(cli(['scan-local', sample('orders-api'), '--json', join(dir, 'a.json'), '--no-tui', '--fail-on', 'none']).code, EXIT.ok);
    const layerOnly = cli(['scan-local', sample('shared-layer'), '--json', join(dir, 'b.json'), '--no-tui', '--fail-on', 'any']);
    assert.equal(layerOnly.code, EXIT.violations);
    const clean = cli(['scan-local', sample('clean-worker'), '--json', join(dir, 'c.json'), '--no-tui', '--fail-on', 'any']);
    assert.equal(clean.code, EXIT.ok);
  });

  it('--fail-on new ratchets against a baseline: old findings pass, a new one fails', () => {
    const dir = tmp();
    const pkg = join(dir, 'fn');
    const first = join(dir, 'first.json');
    writeFileSync(join(dir, 'fn.zip'), buildZip({ 'app.py': 'import threading\nlock = threading.Lock()\n' }));
    assert.equal(cli(['scan-local', join(dir, 'fn.zip'), '--json', first, '--no-tui']).code, EXIT.violations);
    const baseline = join(dir, 'baseline.json');
    const b = cli(['baseline', first, '--out', baseline]);
    assert.equal(b.code, EXIT.ok, b.stderr);
    assert.match(b.stdout, /2 findings/);
    // Same code shifted down two lines: fingerprints hold, nothing new.
    writeFileSync(join(dir, 'fn.zip'), buildZip({ 'app.py': '"""Doc."""\n\nimport threading\nlock = threading.Lock()\n' }));
    const same = cli(['scan-local', join(dir, 'fn.zip'), '--json', join(dir, 'second.json'), '--no-tui', '--baseline', baseline, '--fail-on', 'new']);
    assert.equal(same.code, EXIT.ok, same.stdout + same.stderr);
    writeFileSync(join(dir, 'fn.zip'), buildZip({ 'app.py': 'import threading\nlock = threading.Lock()\nev = threading.Event()\n' }));
    const grown = cli(['scan-local', join(dir, 'fn.zip'), '--json', join(dir, 'third.json'), '--no-tui', '--baseline', baseline, '--fail-on', 'new']);
    assert.equal(grown.code, EXIT.violations);
    assert.ok(!existsSync(pkg));
  });

  it('a bad zip does not stop the run: that target is error with a reason, the rest is scanned, exit 3', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'slip.zip'), zipSlip());
    writeFileSync(join(dir, 'junk.zip'), notAZip());
    const json = join(dir, 'r.json');
    const r = cli(['scan-local', join(dir, 'slip.zip'), join(dir, 'junk.zip'), sample('clean-worker'), join(dir, 'missing.zip'), '--json', json, '--no-tui']);
    assert.equal(r.code, EXIT.incomplete, r.stdout + r.stderr);
    const report = await readReport(json);
    const byId = new Map(report.targets.map((t) => [t.id, t]));
    assert.equal(byId.get(sample('clean-worker'))?.status, 'scanned');
    for (const bad of ['slip.zip', 'junk.zip', 'missing.zip']) {
      const t = byId.get(join(dir, bad));
      assert.equal(t?.status, 'error', bad);
      assert.ok((t?.reason ?? '').length > 5, `${bad} has a reason`);
    }
    assert.equal(report.errors.length, 3);
    assert.equal(report.summary.complete, false);
    assert.equal(report.summary.completeness, 1 / 4);
    assert.ok(!existsSync(join(dir, '..', 'evil.py')), 'zip slip wrote nothing');
  });

  it('usage and config errors exit 2 with a clear message', () => {
    const dir = tmp();
    assert.equal(cli(['scan-local']).code, EXIT.usage);
    assert.equal(cli(['no-such-command']).code, EXIT.usage);
    assert.equal(cli(['scan-local', sample('clean-worker'), '--fail-on', 'sometimes']).code, EXIT.usage);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ concurrency: { downloads: 0 } }));
    const r = cli(['scan-local', sample('clean-worker'), '--config', bad, '--json', join(dir, 'x.json')]);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, /concurrency\.downloads/);
    writeFileSync(bad, '{ not json');
    assert.match(cli(['scan-local', sample('clean-worker'), '--config', bad]).stderr, /not valid JSON/);
    writeFileSync(bad, JSON.stringify({ regionz: 'all' }));
    assert.equal(cli(['scan-local', sample('clean-worker'), '--config', bad]).code, EXIT.usage, 'unknown keys are refused');
  });

  it('without output flags, every format goes to outDir under a timestamped name', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'lambda-audit.config.json'), JSON.stringify({ outDir: 'out', failOn: 'none' }));
    const r = cli(['scan-local', sample('legacy-billing'), '--no-tui', '--quiet'], dir);
    assert.equal(r.code, EXIT.ok, r.stderr);
    const files = readdirSync(join(dir, 'out')).sort();
    assert.deepEqual(files.map((f) => f.replace(/lambda-audit-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ/, 'X')), ['X.csv', 'X.html', 'X.json', 'X.sarif']);
    assert.equal(r.stderr, '', '--quiet leaves only the summary');
  });
});

describe('report re-renders formats from a saved JSON report', () => {
  it('writes HTML, SARIF and CSV with no AWS access', () => {
    const dir = tmp();
    const json = join(dir, 'r.json');
    cli(['scan-local', sample('legacy-billing'), '--json', json, '--no-tui']);
    const r = cli(['report', json, '--html', join(dir, 'r.html'), '--sarif', join(dir, 'r.sarif'), '--csv', join(dir, 'r.csv')]);
    assert.equal(r.code, EXIT.ok, r.stderr);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<!doctype html>/i);
    const sarif = JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.length > 0);
    assert.match(readFileSync(join(dir, 'r.csv'), 'utf8'), /billing\/worker\.py/);
  });

  it('a report that fails the schema exits 2 and names the problem', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1 }));
    const r = cli(['report', join(dir, 'bad.json'), '--csv', join(dir, 'x.csv')]);
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, /bad\.json/);
    assert.ok(!existsSync(join(dir, 'x.csv')));
  });
});

describe('config and docs stay true', () => {
  it('config.example.json parses and names every key the schema knows', async () => {
    const { configSchema, parseConfig } = await import('../../src/config/index.js');
    const example = JSON.parse(readFileSync(join(root, 'config.example.json'), 'utf8')) as Record<string, unknown>;
    const { $comment, ...parsed } = parseConfig(example, 'config.example.json');
    assert.ok($comment);
    assert.deepEqual(parsed, parseConfig({}, 'defaults'), 'the example shows the defaults');
    const keys = Object.keys(configSchema.shape).filter((k) => k !== '$comment');
    assert.deepEqual(Object.keys(example).filter((k) => k !== '$comment').sort(), [...keys].sort());
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const key of keys) assert.ok(readme.includes(`\`${key}`), `README documents ${key}`);
    for (const nested of ['concurrency', 'limits'] as const) {
      for (const k of Object.keys(example[nested] as object)) assert.ok(readme.includes(`\`${nested}.${k}\``), `README documents ${nested}.${k}`);
    }
  });

  it('README documents each exit code', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const code of Object.values(EXIT)) assert.match(readme, new RegExp(`^\\| ${code} \\|`, 'm'));
  });
});
