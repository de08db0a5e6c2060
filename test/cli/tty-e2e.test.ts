/**
 * The real CLI in a real 80×24 pseudo-terminal (tmux): a scan shows live progress, the review opens,
 * a finding is filtered, opened and acknowledged, and the mark lands in the baseline file, where the
 * next (plain, non-TTY) audit honours it. Also: Ctrl-C during a scan writes a partial report.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { BaselineFile, Report } from '../../src/core/types.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { readReport } from '../../src/report/json.js';
import { buildZip } from '../helpers/zip.js';
import { tmuxAvailable, tmuxSession } from '../helpers/tmux.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'lambda-audit.js');

test('scan → live progress → review → filter, open, acknowledge → baseline holds the mark; the next audit honours it', { timeout: 90_000 }, async () => {
  assert.ok(tmuxAvailable(), 'tmux is required for the terminal end-to-end test: apt-get install -y tmux (CI installs it)');
  const { dir, tmux, waitFor, kill } = tmuxSession('cli');
  try {
    const baseline = join(dir, 'baseline.json');
    const json = join(dir, 'report.json');
    const args = `scan-local samples/orders-api samples/legacy-billing --baseline ${baseline} --json ${json}`;
    tmux('new-session', '-d', '-s', 'cli', '-x', '80', '-y', '24', '-c', root,
      `env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color NO_COLOR=1 ${process.execPath} ${bin} ${args}; echo "EXIT:$?"; sleep 60`);
    let s = await waitFor(/groups? shown/, 'the review after the scan', 30_000);
    tmux('send-keys', '-t', 'cli', '/');
    await waitFor(/search: /, 'the search prompt');
    tmux('send-keys', '-t', 'cli', '-l', 'threading.Lock');
    tmux('send-keys', '-t', 'cli', 'Enter');
    s = await waitFor(/1 group shown/, 'the filtered list');
    assert.match(s, /threading\.Lock/);
    tmux('send-keys', '-t', 'cli', 'Enter');
    s = await waitFor(/Remediation|remediation/, 'the detail pane');
    assert.match(s, /app\.py/);
    tmux('send-keys', '-t', 'cli', 'A');
    await waitFor(/[Rr]eason/, 'the reason prompt');
    tmux('send-keys', '-t', 'cli', '-l', 'legacy lock, ORD-7');
    tmux('send-keys', '-t', 'cli', 'Enter');
    await waitFor(/acknowledged/, 'the mark shown');
    tmux('send-keys', '-t', 'cli', 'Escape');
    tmux('send-keys', '-t', 'cli', 'q');
    s = await waitFor(/EXIT:\d+/, 'the exit code', 15_000);
    assert.match(s, new RegExp(`EXIT:${EXIT.violations}`));

    const file = JSON.parse(readFileSync(baseline, 'utf8')) as BaselineFile;
    const mark = file.entries.find((e) => e.primitive === 'threading.Lock');
    assert.equal(mark?.status, 'acknowledged');
    assert.equal(mark?.reason, 'legacy lock, ORD-7');
    assert.ok(mark?.markedAt);

    // Next audit, from cron: no terminal, same baseline.
    const next = join(dir, 'next.json');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, 'scan-local', 'samples/orders-api', 'samples/legacy-billing', '--baseline', baseline, '--json', next, '--quiet'], { cwd: root, stdio: 'ignore' });
      child.on('close', resolve);
    });
    assert.equal(code, EXIT.violations);
    const report = await readReport(next);
    const lock = report.findings.find((f) => f.primitive === 'threading.Lock' && f.file === 'app.py');
    assert.equal(lock?.status, 'acknowledged');
    assert.equal(lock?.reason, 'legacy lock, ORD-7');
  } finally {
    kill();
  }
});

test('Ctrl-C during a scan: stops scheduling, writes a partial report marked interrupted, exits 3', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-audit-sigint-'));
  const paths: string[] = [];
  const pkg = buildZip({ 'app.py': 'import threading\nlock = threading.Lock()\n'.repeat(50), 'lib/util.py': '# thread-safe? no\nx = 1\n'.repeat(2000) });
  for (let i = 0; i < 1500; i++) {
    const p = join(dir, `fn-${i}.zip`);
    writeFileSync(p, pkg);
    paths.push(p);
  }
  const json = join(dir, 'partial.json');
  const child = spawn(process.execPath, [bin, 'scan-local', ...paths, '--json', json, '--progress', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let sent = false;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!sent && line.includes('"target-done"')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.ok(sent, 'progress events arrived');
  assert.equal(code, EXIT.incomplete);
  const report: Report = await readReport(json);
  assert.equal(report.summary.interrupted, true);
  assert.equal(report.summary.complete, false);
  assert.equal(report.targets.length, 1500, 'every target is accounted for');
  const skipped = report.targets.filter((t) => t.status === 'skipped');
  assert.ok(skipped.length > 0 && skipped.every((t) => /interrupted/.test(t.reason ?? '')));
  assert.ok(report.targets.some((t) => t.status === 'scanned'));
});
