import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaselineFile } from '../../src/core/types.js';
import { makeReport } from './fixtures.js';
import { paneCommand, tmuxAvailable, tmuxSession } from '../helpers/tmux.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const SCREEN_FILE = '/tmp/lambda-audit-review-e2e-screen.txt';

test('review in a real 80×24 pseudo-terminal (tmux): filter, open, acknowledge, quit, baseline written', { timeout: 60_000 }, async () => {
  assert.ok(tmuxAvailable(), 'tmux is required for the review end-to-end test: apt-get install -y tmux (CI installs it)');
  const { dir, tmux, waitFor, kill } = tmuxSession('review');
  try {
    const reportFile = join(dir, 'report.json');
    const baselineFile = join(dir, 'baseline.json');
    writeFileSync(reportFile, JSON.stringify(makeReport()));
    tmux('new-session', '-d', '-s', 'review', '-x', '80', '-y', '24', '-c', repo, paneCommand(`test/tui/review-e2e-entry.ts ${reportFile} ${baselineFile}`));

    let s = await waitFor(/groups? shown/, 'the review list', 20_000);
    assert.match(s, /4 groups shown · 7 findings/);
    assert.match(s, /3× open threading\.Lock +payments\/handler\.py:7/);
    // The fixture's file name carries an OSC title change and a clear-screen; neither may reach the terminal.
    assert.match(s, /evil\.py:1 /);
    assert.doesNotMatch(tmux('display-message', '-p', '-t', 'review', '#{pane_title}'), /pwned/);
    assert.match(tmux('capture-pane', '-p', '-e', '-t', 'review'), /\u001b\[[0-9;]*3[0-9]m/, 'colours on a TTY without NO_COLOR');

    tmux('send-keys', '-t', 'review', 'o');
    s = await waitFor(/o:vendored/, 'the vendored filter');
    assert.match(s, /threading\.RLock/);
    tmux('send-keys', '-t', 'review', 'o', 'o');
    await waitFor(/o:own/, 'the own filter again');

    tmux('send-keys', '-t', 'review', '/');
    await waitFor(/search: █/, 'the search prompt');
    tmux('send-keys', '-t', 'review', '-l', 'payments');
    await waitFor(/search: payments█/, 'the typed search');
    tmux('send-keys', '-t', 'review', 'Enter');
    s = await waitFor(/\/:"payments"/, 'the applied search');
    assert.match(s, /1 group shown/);

    tmux('send-keys', '-t', 'review', 'Enter');
    s = await waitFor(/Functions \(3\):/, 'the detail pane');
    writeFileSync(SCREEN_FILE, s);
    const lines = s.replace(/\n+$/, '').split('\n');
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    assert.match(lines[0]!, /^lambda-audit review · 1 group shown/, 'header on the first row: nothing scrolled');
    assert.equal(s.match(/lambda-audit review/g)?.length, 1, 'one frame only, no stale copies');
    for (const l of lines) assert.ok(Array.from(l).length <= 80, `wider than 80: ${l}`);
    assert.match(s, /payments\/handler\.py:7:8 +in <module>/);
    assert.match(s, /↓ for more/);

    // A taller terminal shows the whole detail; back to 80×24 afterwards.
    tmux('resize-window', '-t', 'review', '-x', '80', '-y', '40');
    await waitFor(/Policy: AWS-Lambda-AP-01/, 'the detail re-laid out for 40 rows');
    tmux('resize-window', '-t', 'review', '-x', '80', '-y', '24');
    await waitFor(/↓ for more/, 'the detail back at 24 rows');

    tmux('send-keys', '-t', 'review', 'A');
    await waitFor(/Acknowledge reason: █/, 'the reason prompt');
    tmux('send-keys', '-t', 'review', '-l', 'Tech debt: PAY-12');
    await waitFor(/Acknowledge reason: Tech debt: PAY-12█/, 'the typed reason');
    tmux('send-keys', '-t', 'review', 'Enter');
    s = await waitFor(/acknowledged: threading\.Lock in 3 functions/, 'the mark confirmation');
    assert.match(s, /module scope · acknowledged/);

    tmux('send-keys', '-t', 'review', 'q');
    s = await waitFor(/EXIT:\d+/, 'the review to exit');
    assert.match(s, /EXIT:0/);
    assert.doesNotMatch(s, /lambda-audit review ·/, 'the review is cleared on quit');

    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as BaselineFile;
    assert.equal(baseline.kind, 'lambda-audit-baseline');
    const entry = baseline.entries.find((e) => e.id === 'fp-payments-lock');
    assert.ok(entry, JSON.stringify(baseline));
    assert.equal(entry.status, 'acknowledged');
    assert.equal(entry.reason, 'Tech debt: PAY-12');
    assert.equal(entry.owner, 'payments');
    assert.ok(entry.markedAt);
    assert.equal(baseline.entries.length, 1, 'only the marked finding');
  } finally {
    kill();
  }
});

test('live progress in a real 80×24 terminal (tmux): fits, redraws in place, first Ctrl-C interrupts', { timeout: 60_000 }, async () => {
  assert.ok(tmuxAvailable(), 'tmux is required for the progress end-to-end test: apt-get install -y tmux (CI installs it)');
  const { tmux, waitFor, kill } = tmuxSession('progress');
  try {
    tmux('new-session', '-d', '-s', 'progress', '-x', '80', '-y', '24', '-c', repo, paneCommand('test/tui/progress-e2e-entry.ts 5', 'NO_COLOR=1'));
    const s = await waitFor(/last: GetFunction throttled[\s\S]*\+\d+ more accounts/, 'the live progress with a retry', 20_000);
    writeFileSync('/tmp/lambda-audit-progress-e2e-screen.txt', s);
    const lines = s.replace(/\n+$/, '').split('\n');
    assert.ok(lines.length < 24, `${lines.length} lines`);
    for (const l of lines) assert.ok(Array.from(l).length <= 80, `wider than 80: ${l}`);
    assert.match(s, /● download/);
    assert.doesNotMatch(tmux('capture-pane', '-p', '-e', '-t', 'progress'), /\u001b\[[0-9;]*m/, 'no SGR at all with NO_COLOR');
    assert.match(s, /retries \d+ \(\d+ throttled\) · last: GetFunction throttled #1/);
    // Let it redraw for a while: frames must replace each other, never pile up in the scrollback.
    await new Promise((r) => setTimeout(r, 1000));
    tmux('send-keys', '-t', 'progress', 'C-c');
    const end = await waitFor(/EXIT:\d+/, 'the interrupted run to finish');
    assert.match(end, /INTERRUPTED events=\d+ publishes=\d+ renders=\d+/);
    assert.match(end, /EXIT:0/, 'the first Ctrl-C does not kill the process');
    const m = /events=(\d+) publishes=(\d+) renders=(\d+)/.exec(end)!;
    assert.ok(Number(m[3]) < Number(m[1]) / 20, `renders ${m[3]} for ${m[1]} events`);
    const history = tmux('capture-pane', '-p', '-S', '-', '-E', '-', '-t', 'progress');
    assert.equal(history.match(/lambda-audit · /g)?.length, 1, `one frame in the whole scrollback:\n${history}`);
  } finally {
    kill();
  }
});
