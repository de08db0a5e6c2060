import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/core/types.js';
import { CSV_COLUMNS, neutraliseCell, toCsv, toCsvRows, writeCsv } from '../../src/report/csv.js';
import { findingsFor, functionTarget, sampleReport } from '../helpers/sample-report.js';

/** Test-only RFC 4180 reader: CRLF records, quoted fields with "" escapes and embedded line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (cell += ch), i++;
    } else if (ch === '"') {
      assert.equal(cell, '', `quote inside an unquoted field at ${i}`);
      (quoted = true), i++;
    } else if (ch === ',') {
      row.push(cell), (cell = ''), i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 2);
    } else {
      assert.ok(ch !== '\r' && ch !== '\n', `bare line break in an unquoted field at ${i}`);
      (cell += ch), i++;
    }
  }
  assert.equal(quoted, false, 'unterminated quote');
  assert.deepEqual([row, cell], [[], ''], 'last record ends with CRLF');
  return rows;
}

function table(report: Report): Array<Record<string, string>> {
  const text = toCsv(report, { bom: false });
  const [header, ...rows] = parseCsv(text);
  assert.deepEqual(header, CSV_COLUMNS);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

function oneFinding(reason: string, snippet = 'lock = threading.Lock()'): Report {
  const target = functionTarget('fn', '111122223333', 'eu-west-1', { accountName: 'prod' });
  const findings = findingsFor(target, [{ file: 'app.py', line: 3, column: 5, primitive: 'threading.Lock', snippet, reason, status: 'suppressed' }]);
  return { ...sampleReport(), targets: [target], findings };
}

describe('CSV', () => {
  it('writes the exact RFC 4180 text for a small case', () => {
    const report = oneFinding('needed, "really"');
    const id = report.findings[0]!.id;
    assert.equal(
      toCsv(report, { bom: false }),
      CSV_COLUMNS.join(',') + '\r\n' +
        `arn:aws:lambda:eu-west-1:111122223333:function:fn,111122223333,prod,eu-west-1,fn,,app.py,3,5,threading.Lock,call,module,<module>,own,,suppressed,"needed, ""really""",,${id},,lock = threading.Lock()\r\n`,
    );
  });

  it('has one row per finding per function, layer findings fanned out to their functions', () => {
    const report = sampleReport();
    const layerArn = 'arn:aws:lambda:eu-west-1:111122223333:layer:orgcommon:3';
    report.targets.push(functionTarget('second-user', '111122223333', 'eu-west-1', { layers: [layerArn] }));
    const rows = table(report);
    assert.equal(rows.length, report.findings.length + 1);
    const layerRows = rows.filter((r) => r['layer'] === 'orgcommon');
    assert.deepEqual(layerRows.map((r) => r['function']).sort(), ['orders-api', 'second-user']);
    assert.ok(layerRows.every((r) => r['targetId'] === layerArn));
    const vendored = rows.find((r) => r['package'] === 'fastcache')!;
    assert.deepEqual([vendored['origin'], vendored['function'], vendored['account'], vendored['accountName']], ['vendored', 'orders-api', '111122223333', 'prod, "main"']);
    assert.equal(toCsvRows(report).length, rows.length);
  });

  it('neutralises formula injection for = + - @ tab and CR', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const payload = `${lead}HYPERLINK("http://evil")`;
      const [r] = table(oneFinding(payload, payload));
      assert.equal(r!['reason'], `'${payload}`, JSON.stringify(lead));
      assert.equal(r!['snippet'], `'${payload}`, JSON.stringify(lead));
    }
    assert.equal(neutraliseCell('threading.Lock'), 'threading.Lock');
    assert.equal(neutraliseCell('a=b'), 'a=b');
    const [sample] = table(sampleReport()).filter((r) => r['primitive'] === 'threading.Thread');
    assert.equal(sample!['reason'], `'=HYPERLINK("http://x") migrate to asyncio`);
  });

  it('round-trips commas, quotes and line breaks', () => {
    const tricky = 'a,b "c"\nd\r\ne\rf';
    const [r] = table(oneFinding(tricky, 'x = "1,2"  # ,'));
    assert.equal(r!['reason'], tricky);
    assert.equal(r!['snippet'], 'x = "1,2"  # ,');
  });

  it('writes UTF-8 with one BOM and one header across batches', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'la-csv-'));
    try {
      const report = oneFinding('ok');
      const base = report.findings[0]!;
      report.findings = Array.from({ length: 2500 }, (_, i) => ({ ...base, id: `id${i}`, line: i + 1, snippet: `é ${i}` }));
      const file = join(dir, 'out.csv');
      await writeCsv(report, file);
      const text = await readFile(file, 'utf8');
      assert.equal(text.charCodeAt(0), 0xfeff);
      assert.equal(text.indexOf('\ufeff', 1), -1);
      assert.equal(text, toCsv(report));
      const rows = parseCsv(text.slice(1));
      assert.equal(rows.length, 2501);
      assert.equal(rows.filter((r) => r[0] === 'targetId').length, 1);
      assert.equal(rows[2500]![CSV_COLUMNS.indexOf('snippet')], 'é 2499');
      const empty = toCsv({ ...report, findings: [] });
      assert.equal(empty, '\ufeff' + CSV_COLUMNS.join(',') + '\r\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
