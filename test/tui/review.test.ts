import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement as h } from 'react';
import { render } from 'ink-testing-library';
import { ReviewApp, NO_BASELINE_MESSAGE, type MarkFn } from '../../src/tui/review.js';
import { groupFindings, DEFAULT_FILTERS, applyMark } from '../../src/tui/review-model.js';
import type { ReviewMark } from '../../src/report/baseline.js';
import { makeReport } from './fixtures.js';

const KEY = { down: '\u001b[B', up: '\u001b[A', enter: '\r', esc: '\u001b', backspace: '\u007f' };
const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function mount(opts: { baselineFile?: string | null; mark?: MarkFn; columns?: number; rows?: number } = {}) {
  const marks: { file: string; mark: ReviewMark }[] = [];
  const mark: MarkFn =
    opts.mark ??
    (async (file, m) => {
      marks.push({ file, mark: m });
    });
  const r = render(
    h(ReviewApp, {
      report: makeReport(),
      baselineFile: opts.baselineFile === undefined ? 'baseline.json' : opts.baselineFile,
      mark,
      color: false,
      size: { columns: opts.columns ?? 80, rows: opts.rows ?? 24 },
    }),
  );
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick();
    }
  };
  const frame = () => r.lastFrame() ?? '';
  return { ...r, press, frame, marks };
}

function assertFits(frame: string, columns = 80, rows = 24) {
  const lines = frame.split('\n');
  assert.ok(lines.length <= rows - 1, `${lines.length} lines`);
  for (const l of lines) assert.ok(Array.from(l).length <= columns, `too wide (${Array.from(l).length}): ${l}`);
}

test('groupFindings groups by fingerprint and counts functions', () => {
  const groups = groupFindings(makeReport(), DEFAULT_FILTERS);
  assert.deepEqual(
    groups.map((g) => [g.id, g.targets.length]),
    [
      ['fp-payments-lock', 3],
      ['fp-evil', 1],
      ['fp-orders-debt', 1],
      ['fp-orders-pool', 1],
    ],
  );
  const marked = applyMark(makeReport(), 'fp-payments-lock', 'suppressed', 'why');
  assert.ok(marked.findings.filter((f) => f.id === 'fp-payments-lock').every((f) => f.status === 'suppressed' && f.reason === 'why'));
});

test('review list: groups with counts, cursor moves with arrows and j/k, untrusted text is clean', async () => {
  const r = mount();
  await tick();
  let f = r.frame();
  assertFits(f);
  assert.match(f, /4 groups shown · 7 findings · baseline: baseline\.json/);
  assert.match(f, /o:own {2}s:all {2}a:all {2}r:all/);
  assert.match(f, /^› +3× open threading\.Lock +payments\/handler\.py:7/m);
  assert.doesNotMatch(f, /\u001b|\r|\u202e/, 'no escape, CR or BiDi from scanned code');
  assert.match(f, /evil\.py:1 /);
  await r.press(KEY.down);
  assert.match(r.frame(), /^› +1× open threading\.Lock +evil\.py:1/m);
  await r.press('j', 'j');
  assert.match(r.frame(), /^› +1× open concurrent\.futures\.Th… orders\/worker\.py:40/m);
  await r.press('j');
  assert.match(r.frame(), /^› +1× open concurrent/m, 'stays on the last row');
  await r.press('k', KEY.up);
  assert.match(r.frame(), /^› +1× open threading\.Lock +evil/m);
  r.unmount();
});

test('review filters: origin, status, account, region and search', async () => {
  const r = mount();
  await tick();
  await r.press('o');
  assert.match(r.frame(), /o:vendored/);
  assert.match(r.frame(), /1 group shown/);
  assert.match(r.frame(), /threading\.RLock +…quests\/sessions\.py:99/);
  await r.press('o');
  assert.match(r.frame(), /o:all .*/);
  assert.match(r.frame(), /5 groups shown/);
  assert.match(r.frame(), / V threading\.RLock/);
  await r.press('o', 's');
  assert.match(r.frame(), /s:open/);
  assert.match(r.frame(), /3 groups shown/);
  await r.press('s');
  assert.match(r.frame(), /s:acknowledged/);
  assert.match(r.frame(), /1 group shown/);
  assert.match(r.frame(), /threading\.Thread/);
  await r.press('s', 's');
  assert.match(r.frame(), /s:all/);
  await r.press('a');
  assert.match(r.frame(), /a:111122223333/);
  assert.match(r.frame(), /3 groups shown/);
  assert.match(r.frame(), /^› +2× open threading\.Lock/m, 'payments counted in the two functions of that account');
  await r.press('a', 'a', 'r');
  assert.match(r.frame(), /a:all {2}r:eu-west-1/);
  assert.match(r.frame(), /3 groups shown/);
  await r.press('r', 'r');
  assert.match(r.frame(), /r:all/);
  await r.press('/', 'p', 'o', 'o', 'l');
  assert.match(r.frame(), /search: pool█/);
  await r.press(KEY.enter);
  assert.match(r.frame(), /\/:"pool"/);
  assert.match(r.frame(), /1 group shown/);
  assert.match(r.frame(), /ThreadPoolExecutor|concurrent\.futures/);
  await r.press('/', KEY.backspace, KEY.backspace, 'x', KEY.esc);
  assert.match(r.frame(), /\/:"pool"/, 'Esc keeps the applied search');
  assert.match(r.frame(), /search cancelled/);
  await r.press('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.enter);
  assert.match(r.frame(), /4 groups shown/);
  await r.press('/', 'zzz', KEY.enter);
  assert.match(r.frame(), /no findings match these filters/);
  r.unmount();
});

test('review detail pane and help', async () => {
  const r = mount();
  await tick();
  await r.press(KEY.enter);
  let f = r.frame();
  assertFits(f);
  assert.match(f, /threading\.Lock · call · module scope · open/);
  assert.match(f, /payments\/handler\.py:7:8 {2}in <module>/);
  assert.match(f, /7 \| lock = threading\.Lock\(\)/);
  assert.match(f, /Functions \(3\):/);
  assert.match(f, /payments {2}111122223333 \(prod\) \/ eu-west-1/);
  assert.match(f, /payments {2}444455556666 \(staging\) \/ eu-west-1/);
  assert.match(f, /Remediation \(AP-01\):/);
  assert.match(f, /Remove the threading primitive/);
  assert.match(f, /↓ for more/);
  for (let i = 0; i < 15; i++) await r.press('j');
  f = r.frame();
  assert.match(f, /Policy: AWS-Lambda-AP-01-Threading-Primitives\.md/, 'scrolls to the end');
  assert.match(f, /Step Functions/);
  await r.press('?');
  assert.match(r.frame(), /A {12}acknowledge/);
  assert.match(r.frame(), /q {2}quit/);
  await r.press('?');
  assert.match(r.frame(), /Policy: AWS-Lambda/, 'help returns to the detail');
  await r.press(KEY.esc);
  assert.match(r.frame(), /^› +3× open threading\.Lock/m);
  r.unmount();
});

test('review marking: A asks for a reason, writes the mark with finding and owner, list shows it', async () => {
  const r = mount();
  await tick();
  await r.press('A');
  assert.match(r.frame(), /Acknowledge reason: █ {2}\(Enter confirm · Esc cancel\)/);
  await r.press(KEY.enter);
  assert.match(r.frame(), /a reason is required/);
  assert.equal(r.marks.length, 0);
  await r.press('Tech debt: PAY-12', KEY.enter);
  await tick(30);
  assert.equal(r.marks.length, 1);
  const m = r.marks[0]!;
  assert.equal(m.file, 'baseline.json');
  assert.equal(m.mark.id, 'fp-payments-lock');
  assert.equal(m.mark.status, 'acknowledged');
  assert.equal(m.mark.reason, 'Tech debt: PAY-12');
  assert.equal(m.mark.owner, 'payments');
  assert.equal(m.mark.finding?.id, 'fp-payments-lock');
  const f = r.frame();
  assert.match(f, /^› +3× ack +threading\.Lock/m);
  assert.match(f, /acknowledged: threading\.Lock in 3 functions → baseline\.json/);
  // Suppress from the detail pane, then cancel one with Esc.
  await r.press('j', KEY.enter, 'S', 'generated code', KEY.enter);
  await tick(30);
  assert.equal(r.marks[1]?.mark.status, 'suppressed');
  assert.equal(r.marks[1]?.mark.id, 'fp-evil');
  assert.match(r.frame(), /threading\.Lock · call · module scope · suppressed/);
  assert.match(r.frame(), /reason: generated code/);
  await r.press('A', 'x', KEY.esc);
  assert.match(r.frame(), /mark cancelled/);
  assert.equal(r.marks.length, 2);
  await r.press('U');
  await tick(30);
  assert.deepEqual([r.marks[2]?.mark.status, r.marks[2]?.mark.reason], ['open', null]);
  r.unmount();
});

test('review marking without a baseline file says how to configure one', async () => {
  const r = mount({ baselineFile: null });
  await tick();
  await r.press('A');
  assert.match(r.frame(), new RegExp(NO_BASELINE_MESSAGE.replace(/[()]/g, '\\$&')));
  assert.doesNotMatch(r.frame(), /reason:/);
  r.unmount();
});

test('review shows a failed baseline write and keeps the status', async () => {
  const r = mount({
    mark: async () => {
      throw new Error('baseline.json: not a lambda-audit baseline file');
    },
  });
  await tick();
  await r.press('S', 'because', KEY.enter);
  await tick(30);
  assert.match(r.frame(), /could not write the baseline: baseline\.json: not a lambda-audit baseline file/);
  assert.match(r.frame(), /^› +3× open/m);
  r.unmount();
});

test('review list windows to the terminal height and q quits', async () => {
  const report = makeReport();
  const base = report.findings[0]!;
  for (let i = 0; i < 60; i++) report.findings.push({ ...base, id: `fp-extra-${String(i).padStart(2, '0')}`, file: `extra/m${String(i).padStart(2, '0')}.py` });
  const r = render(h(ReviewApp, { report, baselineFile: null, mark: async () => {}, color: false, size: { columns: 80, rows: 24 } }));
  await tick();
  assertFits(r.lastFrame() ?? '');
  for (let i = 0; i < 40; i++) r.stdin.write('j');
  await tick(50);
  const f = r.lastFrame() ?? '';
  assertFits(f);
  assert.match(f, /^› .*extra\/m3\d\.py/m, f);
  r.stdin.write('G');
  await tick();
  assert.match(r.lastFrame() ?? '', /^› .*orders\/worker\.py/m);
  r.stdin.write('q');
  await tick();
  assert.equal((r.lastFrame() ?? '').trim(), '', 'quitting clears the review');
  r.unmount();
});

test('review: wide (CJK) and very long untrusted text is cut to the terminal width, never wrapped', async () => {
  const report = makeReport();
  report.findings[0] = { ...report.findings[0]!, snippet: '锁 = threading.Lock()  # ' + '日本語'.repeat(40), file: 'パッケージ/'.repeat(10) + 'h.py' };
  const r = render(h(ReviewApp, { report, baselineFile: null, mark: async () => {}, color: false, size: { columns: 80, rows: 24 } }));
  await tick();
  const cells = (l: string) => Array.from(l).reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  for (const f of [r.lastFrame() ?? '', await (async () => (r.stdin.write('\r'), await tick(), r.lastFrame() ?? ''))()]) {
    const lines = f.split('\n');
    assert.ok(lines.length <= 23, `${lines.length} lines`);
    for (const l of lines) assert.ok(cells(l) <= 80, `${cells(l)} cells: ${l}`);
  }
  assert.match(r.lastFrame() ?? '', /h\.py:7:8/);
  r.unmount();
});
