/**
 * The HTML report in a real headless Chromium (Debian's /usr/bin/chromium, never a downloaded one),
 * opened from disk like a user would.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Finding, Report } from '../../src/core/types.js';
import { renderHtml, writeHtml } from '../../src/report/html/index.js';
import { jsonForScript } from '../../src/report/html/data.js';
import { AP01 } from '../../src/rules/ap01/meta.js';
import { buildReport, XSS_PAYLOADS } from '../helpers/report-factory.js';

const CHROMIUM = '/usr/bin/chromium';
const MAX_BYTES_100K = 25 * 1024 * 1024;
const PAGE_SIZE = 100;

let browser: Browser | undefined;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambda-audit-html-'));
});

/** Fails (never skips) without the system Chromium: CI installs it. */
async function launch(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); the HTML report tests need a real browser`);
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return browser;
}

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  problems: string[];
  requests: string[];
  loadMs: number;
  bytes: number;
}

/** Writes the report, opens it from disk and records console errors, page errors and every request. */
async function open(report: Report, name: string, javaScriptEnabled = true): Promise<Opened> {
  const file = join(dir, name);
  await writeHtml(report, file);
  const bytes = (await stat(file)).size;
  const url = pathToFileURL(file).href;
  const context = await (await launch()).newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const t0 = performance.now();
  await page.goto(url);
  if (javaScriptEnabled) await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
  const loadMs = performance.now() - t0;
  return { page, url, problems, requests, loadMs, bytes };
}

function assertClean(o: Opened): void {
  assert.deepEqual(o.problems, [], 'no console or page errors');
  assert.deepEqual(o.requests.filter((u) => u !== o.url), [], 'no request other than the file itself');
}

/** Groups the report's findings by fingerprint, the rows of the findings table. */
function groupsOf(report: Report): Finding[][] {
  const m = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = m.get(f.id);
    if (list === undefined) m.set(f.id, [f]);
    else list.push(f);
  }
  return [...m.values()];
}

async function shownCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('#findings-count', 'data-count'));
}
async function visibleRows(page: Page): Promise<number> {
  return page.locator('#findings-body tr[data-g]').count();
}
/** Selects the option whose label starts with `label` (options read `label (count)`). */
async function selectByLabel(page: Page, id: string, label: string | null): Promise<void> {
  if (label === null) {
    await page.selectOption(id, 'all');
    return;
  }
  const value = await page.$eval(id, (sel, l) => [...(sel as HTMLSelectElement).options].find((o) => o.text.startsWith(`${l} (`))?.value ?? '', label);
  assert.notEqual(value, '', `${id} has an option ${label}`);
  await page.selectOption(id, value);
}

describe('renderHtml output', () => {
  test('JSON for a script element cannot close it or start markup', () => {
    const s = jsonForScript({ a: '</script><!-- & \u2028\u2029 >' });
    assert.ok(!/[<>&\u2028\u2029]/.test(s));
    assert.deepEqual(JSON.parse(s), { a: '</script><!-- & \u2028\u2029 >' });
  });

  test('one self-contained file: no external URL, CSP with a nonce, data embedded once', () => {
    const report = buildReport({ findings: 300, baseline: true });
    const html = renderHtml(report);
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /\s(?:src|href)="(?!#)/i, 'only in-page links');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; script-src &#39;nonce-/);
    const nonce = /script-src &#39;nonce-([^&]+)&#39;/.exec(html)?.[1];
    assert.ok(nonce !== undefined);
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [' type="application/json" id="report-data"', ` nonce="${nonce}"`]);
    assert.equal(html.split(report.findings[0]!.snippet).length - 1 <= 2, true, 'strings are stored once in the string table');
  });

  test('writeHtml replaces the file atomically and leaves no temp file', async () => {
    const file = join(dir, 'atomic.html');
    await writeFile(file, 'old');
    await writeHtml(buildReport({ findings: 20 }), file);
    const names = await readdir(dir);
    assert.deepEqual(names.filter((n) => n.includes('atomic')), ['atomic.html']);
    assert.match(await import('node:fs/promises').then((fs) => fs.readFile(file, 'utf8')), /^<!doctype html>/);
    await assert.rejects(writeHtml(buildReport({ findings: 1 }), join(dir, 'missing-dir', 'x.html')));
    assert.deepEqual((await readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });
});

describe('HTML report in Chromium', () => {
  const report = buildReport({ findings: 1500, baseline: true, seed: 7, skippedTargets: 4, errorTargets: 3 });
  const groups = groupsOf(report);
  const targetById = new Map(report.targets.map((t) => [t.id, t]));
  let o: Opened;

  before(async () => {
    o = await open(report, 'report.html');
  });

  test('loads without errors and makes no network request', () => {
    assertClean(o);
  });

  test('summary numbers equal the report', async () => {
    const metrics = await o.page.$$eval('[data-metric]', (els) => els.map((e) => ({ key: e.getAttribute('data-metric')!, value: e.getAttribute('data-value')!, text: e.textContent ?? '' })));
    const s = report.summary;
    const expected: Record<string, string | number | boolean> = {
      'findings.ownOpen': s.findings.ownOpen,
      'findings.acknowledged': s.findings.acknowledged,
      'findings.suppressed': s.findings.suppressed,
      'findings.vendored': s.findings.vendored,
      'findings.total': s.findings.total,
      groups: groups.length,
      'trend.new': s.trend!.new,
      'trend.unchanged': s.trend!.unchanged,
      'trend.fixed': s.trend!.fixed,
      'fleet.accounts.total': s.fleet!.accounts.total,
      'fleet.regions.total': s.fleet!.regions.total,
      'fleet.functions.scanned': s.fleet!.functions.scanned,
      'fleet.functions.skipped': s.fleet!.functions.skipped,
      'fleet.functions.error': s.fleet!.functions.error,
      'fleet.functions.otherRuntimes': s.fleet!.functions.otherRuntimes,
      completeness: s.completeness,
      complete: s.complete,
      interrupted: s.interrupted,
      errors: report.errors.length,
    };
    const byKey = new Map(metrics.map((m) => [m.key, m]));
    for (const [key, want] of Object.entries(expected)) {
      const m = byKey.get(key);
      assert.ok(m, `metric ${key} is shown`);
      assert.equal(m.value, String(want), key);
      if (typeof want === 'number' && Number.isInteger(want) && key !== 'errors') assert.equal(Number(m.text.replace(/,/g, '')), want, `${key} text`);
    }
    assert.equal(await o.page.textContent('[data-metric="completeness"]'), `${(Math.floor(s.completeness * 1000) / 10).toFixed(1)}%`);
    assert.match((await o.page.textContent('.verdict')) ?? '', new RegExp(`${s.findings.ownOpen.toLocaleString('en-US')} open violations`));
    for (const id of ['chart-account', 'chart-region', 'chart-primitive', 'chart-origin']) assert.ok((await o.page.locator(`#${id} svg rect`).count()) > 0, id);
    // Each count sits under its own header, a row without a count (regions are never skipped) keeps a dash there.
    const columns = await o.page.$$eval('table.counts thead th', (ths) => ths.map((th) => th.textContent ?? ''));
    const regionCells = await o.page.$$eval('table.counts tbody tr', (trs) => {
      const row = trs.find((tr) => tr.querySelector('th')?.textContent === 'Regions');
      return Array.from(row?.children ?? []).map((td) => td.getAttribute('data-metric') ?? td.textContent ?? '');
    });
    assert.equal(regionCells[columns.indexOf('Error')], 'fleet.regions.error');
    assert.equal(regionCells[columns.indexOf('Skipped')], '—');
    assert.equal(regionCells[columns.indexOf('Filtered out')], '—');
  });

  test('filters change the rows by origin, status, account, region, primitive and text', async () => {
    const { page } = o;
    const check = async (what: string, pred: (g: Finding[]) => boolean): Promise<void> => {
      const want = groups.filter(pred).length;
      assert.ok(want > 0 && want < groups.length, `${what}: a useful filter`);
      assert.equal(await shownCount(page), want, `${what}: matching locations`);
      assert.equal(await visibleRows(page), Math.min(PAGE_SIZE, want), `${what}: rows on the page`);
    };
    assert.equal(await shownCount(page), groups.length);
    assert.equal(await visibleRows(page), PAGE_SIZE);

    await selectByLabel(page, '#f-origin', 'Vendored');
    await check('origin', (g) => g[0]!.origin === 'vendored');
    await selectByLabel(page, '#f-origin', null);

    await selectByLabel(page, '#f-status', 'acknowledged');
    await check('status', (g) => g.some((f) => f.status === 'acknowledged'));
    await selectByLabel(page, '#f-status', null);

    const acct = report.targets[0]!;
    await selectByLabel(page, '#f-account', `${acct.accountName} (${acct.account})`);
    await check('account', (g) => g.some((f) => targetById.get(f.target)?.account === acct.account));
    await selectByLabel(page, '#f-region', 'eu-west-1');
    await check('account + region', (g) => g.some((f) => targetById.get(f.target)?.account === acct.account) && g.some((f) => targetById.get(f.target)?.region === 'eu-west-1'));
    await selectByLabel(page, '#f-account', null);
    await check('region', (g) => g.some((f) => targetById.get(f.target)?.region === 'eu-west-1'));
    await selectByLabel(page, '#f-region', null);

    await selectByLabel(page, '#f-primitive', 'threading.Semaphore');
    await check('primitive', (g) => g[0]!.primitive === 'threading.Semaphore');
    await selectByLabel(page, '#f-primitive', null);

    // Keyboard only: focus the search box and type.
    await page.focus('#f-text');
    await page.keyboard.type('Sentry_SDK/');
    await page.waitForFunction((n) => document.querySelector('#findings-count')?.getAttribute('data-count') === String(n), groups.filter((g) => g[0]!.file.toLowerCase().includes('sentry_sdk/')).length);
    await check('text', (g) => g[0]!.file.toLowerCase().includes('sentry_sdk/'));

    await page.click('#f-reset');
    await page.waitForFunction((n) => document.querySelector('#findings-count')?.getAttribute('data-count') === String(n), groups.length);
    assert.equal(await page.inputValue('#f-text'), '');
  });

  test('a chart bar filters the table', async () => {
    const { page } = o;
    await page.click('#chart-primitive g.bar[data-filter] >> nth=0');
    const label = await page.$eval('#f-primitive', (s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? '');
    const prim = label.replace(/ \([\d,]+\)$/, '');
    assert.equal(await shownCount(page), groups.filter((g) => g[0]!.primitive === prim).length);
    await page.click('#f-reset');
    await page.waitForFunction((n) => document.querySelector('#findings-count')?.getAttribute('data-count') === String(n), groups.length);
  });

  test('sorting by functions and by location', async () => {
    const { page } = o;
    await page.click('button.sort[data-sort="targets"]');
    assert.equal(await page.getAttribute('th:has(button[data-sort="targets"])', 'aria-sort'), 'descending');
    const counts = (await page.$$eval('#findings-body td.num .n', (els) => els.map((e) => Number(e.textContent)))) as number[];
    assert.equal(counts[0], Math.max(...groups.map((g) => g.length)));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));

    await page.click('button.sort[data-sort="location"]');
    assert.equal(await page.getAttribute('th:has(button[data-sort="location"])', 'aria-sort'), 'ascending');
    const locs = await page.$$eval('#findings-body td.loc button', (els) => els.map((e) => e.textContent ?? ''));
    const key = (l: string): [string, number] => {
      const i = l.lastIndexOf(':');
      return [l.slice(0, i).toLowerCase(), Number(l.slice(i + 1))];
    };
    const sortedLocs = [...locs].sort((a, b) => {
      const [fa, la] = key(a);
      const [fb, lb] = key(b);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb;
    });
    assert.deepEqual(locs, sortedLocs);
    const firstFile = [...new Set(report.findings.map((f) => f.file.toLowerCase()))].sort()[0];
    assert.equal(key(locs[0]!)[0], firstFile);

    await page.click('button.sort[data-sort="location"]');
    assert.equal(await page.getAttribute('th:has(button[data-sort="location"])', 'aria-sort'), 'descending');
    const desc = await page.$$eval('#findings-body td.loc button', (els) => els.map((e) => e.textContent ?? ''));
    assert.notDeepEqual(desc[0], locs[0]);
    await page.click('button.sort[data-sort="status"]');
  });

  test('detail view shows snippet with its line, functions and AP-01 remediation; keyboard opens and closes it', async () => {
    const { page } = o;
    const shared = groups.filter((g) => g.length > 1 && g[0]!.origin === 'vendored');
    const g = shared[0]!;
    const f = g[0]!;
    await page.fill('#f-text', f.id);
    await page.waitForFunction(() => document.querySelector('#findings-count')?.getAttribute('data-count') === '1');
    await page.focus('#findings-body tr[data-g] button.link');
    await page.keyboard.press('Enter');
    await page.waitForSelector('dialog#detail[open]');
    assert.equal(await page.textContent('#detail .cl.hl code'), f.snippet);
    assert.equal(await page.textContent('#detail .cl.hl .ln'), String(f.line));
    assert.equal(await page.textContent('#detail .pkg-name'), f.package);
    const body = (await page.textContent('#detail')) ?? '';
    assert.ok(body.includes(AP01.remediation), 'remediation from AP01 metadata');
    for (const opt of AP01.remediationOptions) assert.ok(body.includes(opt), opt);
    const fnRows = await page.$$eval('#detail tbody tr', (trs) => trs.map((tr) => tr.children[0]?.textContent ?? ''));
    assert.equal(fnRows.length, g.length);
    for (const m of g) assert.ok(fnRows.includes(targetById.get(m.target)!.functionName!));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('detail') as HTMLDialogElement).open);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('tr')?.dataset['g'] !== undefined), true, 'focus back on the row');
    await page.click('#f-reset');
  });

  test('targets table lists skipped and failed targets with reasons; errors and fixed are listed', async () => {
    const { page } = o;
    await selectByLabel(page, '#t-status', 'skipped');
    const skipped = report.targets.filter((t) => t.status === 'skipped');
    assert.equal(await page.getAttribute('#targets-count', 'data-count'), String(skipped.length));
    const reasons = await page.$$eval('#targets-body td.why', (els) => els.map((e) => e.textContent ?? ''));
    assert.deepEqual(reasons.sort(), skipped.map((t) => t.reason ?? '').sort());
    await selectByLabel(page, '#t-status', 'error');
    assert.equal(await page.locator('#targets-body tr').count(), report.targets.filter((t) => t.status === 'error').length);
    assert.equal(await page.locator('#errors-body tr').count(), report.errors.length);
    assert.equal(await page.locator('#fixed-body tr').count(), Math.min(PAGE_SIZE, report.fixed!.length));
    assertClean(o);
  });

  test('the summary reads without JavaScript', async () => {
    const nojs = await open(report, 'report.html', false);
    assert.equal(await nojs.page.textContent('[data-metric="findings.ownOpen"]'), report.summary.findings.ownOpen.toLocaleString('en-US'));
    assert.equal(await nojs.page.isVisible('#findings-table'), false);
    assert.equal(await nojs.page.isVisible('#findings noscript, #findings .notice'), true);
    assert.equal(await nojs.page.locator('#chart-account svg rect').count() > 0, true);
    await nojs.page.context().close();
  });

  after(async () => {
    await o?.page.context().close();
  });
});

describe('other report shapes', () => {
  test('a local scan (no fleet, no baseline) and an empty report load cleanly', async () => {
    const local = buildReport({ findings: 40, seed: 5, skippedTargets: 1, errorTargets: 0 });
    for (const t of local.targets) {
      t.kind = 'directory';
      t.id = `./build/${t.functionName!}`;
      for (const k of ['account', 'accountName', 'region', 'functionName', 'runtime'] as const) delete t[k];
    }
    const idMap = new Map(buildReport({ findings: 40, seed: 5, skippedTargets: 1, errorTargets: 0 }).targets.map((t, i) => [t.id, local.targets[i]!.id]));
    for (const f of local.findings) f.target = idMap.get(f.target)!;
    delete local.summary.fleet;
    local.errors = [];
    const o = await open(local, 'local.html');
    assertClean(o);
    assert.equal(await o.page.getAttribute('[data-metric="targets.total"]', 'data-value'), String(local.targets.length));
    assert.equal(await shownCount(o.page), groupsOf(local).length);
    assert.match((await o.page.textContent('#chart-account')) ?? '', /\(no account\)/);
    await o.page.context().close();

    const empty = buildReport({ findings: 0, skippedTargets: 0, errorTargets: 0 });
    empty.errors = [];
    const e = await open(empty, 'empty.html');
    assertClean(e);
    assert.equal(await shownCount(e.page), 0);
    assert.match((await e.page.textContent('.verdict')) ?? '', /No open violations/);
    assert.match((await e.page.textContent('#findings-body')) ?? '', /No locations match/);
    await e.page.context().close();
  });
});

describe('untrusted text in the report', () => {
  test('XSS payloads in snippet, file, function, package, reason and errors show as text and never run', async () => {
    const report = buildReport({ findings: 200, seed: 3 });
    const own = report.findings.find((f) => f.origin === 'own')!;
    const vend = report.findings.find((f) => f.origin === 'vendored')!;
    own.snippet = `lock = threading.Lock()  # ${XSS_PAYLOADS.img}`;
    own.file = `${XSS_PAYLOADS.script}.py`;
    own.function = XSS_PAYLOADS.svg;
    vend.package = XSS_PAYLOADS.svg;
    vend.snippet = XSS_PAYLOADS.script;
    const target = report.targets.find((t) => t.id === own.target)!;
    target.functionName = XSS_PAYLOADS.svg;
    target.accountName = XSS_PAYLOADS.img;
    const skipped = report.targets.find((t) => t.status === 'skipped')!;
    skipped.reason = XSS_PAYLOADS.script;
    report.errors.push({ target: null, code: XSS_PAYLOADS.img, message: XSS_PAYLOADS.svg });
    report.accounts = [
      { id: '111111111111', name: XSS_PAYLOADS.script, status: 'scanned', reason: null },
      { id: '444444444444', name: 'legacy-closed', status: 'skipped', reason: `account status is SUSPENDED ${XSS_PAYLOADS.img}` },
    ];

    const o = await open(report, 'xss.html');
    const { page } = o;
    const probe = async (): Promise<void> => {
      assert.equal(await page.evaluate(() => (window as { __xss?: unknown }).__xss), undefined, 'no payload ran');
      assert.equal(await page.locator('img, #findings svg, #detail svg, #targets svg, #errors svg').count(), 0, 'no element from data');
    };
    await probe();

    await page.fill('#f-text', 'onerror');
    await page.waitForFunction(() => document.querySelector('#findings-count')?.getAttribute('data-count') === '1');
    assert.equal(await page.textContent('#findings-body .snippet'), own.snippet);
    assert.equal(await page.textContent('#findings-body td.loc button'), `${own.file}:${own.line}`);
    await page.click('#findings-body td.loc button');
    await page.waitForSelector('dialog#detail[open]');
    assert.equal(await page.textContent('#detail .cl.hl code'), own.snippet);
    assert.ok(((await page.textContent('#detail')) ?? '').includes(XSS_PAYLOADS.svg), 'function name as text');
    await probe();
    await page.keyboard.press('Escape');

    await page.fill('#f-text', 'svg onload');
    await page.waitForFunction(() => Number(document.querySelector('#findings-count')?.getAttribute('data-count')) >= 1);
    assert.ok(((await page.textContent('#findings-body')) ?? '').includes(XSS_PAYLOADS.svg));
    await page.fill('#t-text', 'script');
    assert.ok(((await page.textContent('#targets-body')) ?? '').includes(XSS_PAYLOADS.script));
    assert.ok(((await page.textContent('#errors-body')) ?? '').includes(XSS_PAYLOADS.svg));
    assert.ok(((await page.textContent('#chart-account')) ?? '').includes(XSS_PAYLOADS.img.slice(0, 20)), 'account name as text in the chart');
    const accountRows = await page.$$eval('#accounts-table tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
    assert.deepEqual(accountRows[0], ['444444444444', 'legacy-closed', 'skipped', `account status is SUSPENDED ${XSS_PAYLOADS.img}`], 'skipped accounts first, with reason');
    assert.deepEqual(accountRows[1], ['111111111111', XSS_PAYLOADS.script, 'scanned', '']);
    await probe();
    assertClean(o);
    await page.context().close();
  });
});

describe('100,000 findings', () => {
  test('file size, load and filter time', async () => {
    const report = buildReport({ findings: 100_000, baseline: true, seed: 11 });
    const groups = groupsOf(report);
    const t0 = performance.now();
    const html = renderHtml(report);
    const renderMs = performance.now() - t0;
    assert.ok(html.length > 0);
    const o = await open(report, 'big.html');
    const { page } = o;
    assert.ok(o.bytes <= MAX_BYTES_100K, `${o.bytes} bytes at 100k findings (limit ${MAX_BYTES_100K})`);
    assertClean(o);
    assert.equal(await shownCount(page), groups.length);
    assert.equal(await visibleRows(page), PAGE_SIZE);

    const acct = report.targets[0]!.account!;
    const wantAcct = groups.filter((g) => g.some((f) => f.target.includes(`:${acct}:`))).length;
    let t = performance.now();
    await selectByLabel(page, '#f-account', `${report.targets[0]!.accountName} (${acct})`);
    await page.waitForFunction((n) => document.querySelector('#findings-count')?.getAttribute('data-count') === String(n), wantAcct);
    const filterMs = performance.now() - t;

    const q = 'threadpool';
    const wantText = groups.filter((g) => g.some((f) => f.target.includes(`:${acct}:`)) && (g[0]!.snippet + g[0]!.primitive + g[0]!.file).toLowerCase().includes(q)).length;
    t = performance.now();
    await page.fill('#f-text', q);
    await page.waitForFunction((n) => document.querySelector('#findings-count')?.getAttribute('data-count') === String(n), wantText);
    const textMs = performance.now() - t;

    t = performance.now();
    await page.click('button.sort[data-sort="primitive"]');
    await page.waitForSelector('th[aria-sort="ascending"] button[data-sort="primitive"]');
    const sortMs = performance.now() - t;
    assert.equal(await visibleRows(page), Math.min(PAGE_SIZE, wantText));

    console.log(
      `[html 100k] findings=${report.findings.length} locations=${groups.length} bytes=${o.bytes} (${(o.bytes / 1048576).toFixed(1)} MiB) ` +
        `render=${renderMs.toFixed(0)}ms load=${o.loadMs.toFixed(0)}ms filter(account)=${filterMs.toFixed(0)}ms filter(text, incl. debounce)=${textMs.toFixed(0)}ms sort=${sortMs.toFixed(0)}ms`,
    );
    assert.ok(o.loadMs < 15_000, `load ${o.loadMs} ms`);
    assert.ok(filterMs < 5_000 && textMs < 5_000, `filters ${filterMs} / ${textMs} ms`);
    await page.context().close();
  });
});
