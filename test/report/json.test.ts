import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors.js';
import { jsonChunks, readReport, writeAtomic, writeJsonReport } from '../../src/report/json.js';
import { packageRoot, validateReport } from '../../src/report/schema.js';
import { sampleReport } from '../helpers/sample-report.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'la-json-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejects(value: unknown, ...parts: string[]): Promise<void> {
  const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  await assert.rejects(readReport(file), (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    assert.ok(err.message.includes(file), `message names the file: ${err.message}`);
    for (const p of parts) assert.ok(err.message.includes(p), `message has ${JSON.stringify(p)}: ${err.message}`);
    return true;
  });
}

describe('JSON report', () => {
  it('round-trips a realistic report through the schema', async () => {
    const report = sampleReport();
    const file = join(dir, 'report.json');
    await writeJsonReport(report, file);
    const text = await readFile(file, 'utf8');
    assert.equal(text, JSON.stringify(report, null, 2) + '\n');
    assert.deepEqual(await readReport(file), report);
  });

  it('accepts baseline fields and fixed[]', () => {
    const report = sampleReport();
    report.findings[0]!.baseline = 'unchanged';
    report.findings[0]!.firstSeen = '2026-01-01T00:00:00.000Z';
    report.summary.trend = { new: 0, unchanged: 1, fixed: 1 };
    report.fixed = [{ id: 'abc', rule: 'AP-01', file: 'a.py', primitive: 'threading.Lock', owner: 'orders-api', status: 'open', reason: null, firstSeen: '2026-01-01T00:00:00Z' }];
    assert.equal(validateReport(report, 'mem').fixed?.length, 1);
  });

  it('rejects a missing field with the path and property', async () => {
    const report = sampleReport() as unknown as { findings: Array<Record<string, unknown>> };
    delete report.findings[1]!['line'];
    await rejects(report, '/findings/1', "required property 'line'");
  });

  it('rejects a wrong enum value and lists the allowed ones', async () => {
    const report = sampleReport() as unknown as { findings: Array<Record<string, unknown>>; targets: Array<Record<string, unknown>> };
    report.findings[0]!['status'] = 'ignored';
    await rejects(report, '/findings/0/status', 'open, acknowledged, suppressed');
    const r2 = sampleReport() as unknown as { targets: Array<Record<string, unknown>> };
    r2.targets[2]!['kind'] = 'container';
    await rejects(r2, '/targets/2/kind', 'archive, directory, function, layer');
  });

  it('rejects unknown properties, bad types, other schema versions, bad JSON and missing files', async () => {
    await rejects({ ...sampleReport(), extra: 1 }, "'extra'");
    const r = sampleReport() as unknown as { findings: Array<Record<string, unknown>> };
    r.findings[0]!['package'] = 7;
    await rejects(r, '/findings/0/package', 'must be string,null');
    await rejects({ ...sampleReport(), schemaVersion: 2 }, 'unsupported report schemaVersion 2');
    await rejects({ ...sampleReport(), startedAt: 'yesterday' }, '/startedAt', 'date-time');
    await rejects('{"schemaVersion": 1,', 'not valid JSON');
    await assert.rejects(readReport(join(dir, 'nope.json')), /nope\.json: report not found/);
  });

  it('finds the schema from the package root', () => {
    assert.ok(existsSync(join(packageRoot(), 'docs', 'report-schema.json')));
    assert.ok(existsSync(join(packageRoot(), 'package.json')));
    assert.doesNotThrow(() => validateReport(sampleReport(), 'mem'));
  });
});

describe('atomic, streamed writes', () => {
  it('leaves the old file and no temp file when the writer throws', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const file = join(sub, 'out.json');
    await writeFile(file, 'previous');
    await assert.rejects(
      writeAtomic(file, (function* () {
        yield 'x'.repeat(3 << 20); // past the flush threshold: bytes hit the temp file
        throw new Error('boom');
      })()),
      /boom/,
    );
    assert.equal(await readFile(file, 'utf8'), 'previous');
    assert.deepEqual(await readdir(sub), ['out.json']);

    const report = sampleReport();
    (report.findings[2] as unknown as Record<string, unknown>)['line'] = 10n; // JSON.stringify throws on BigInt, mid-stream
    await assert.rejects(writeJsonReport(report, file), TypeError);
    assert.equal(await readFile(file, 'utf8'), 'previous');
    assert.deepEqual(await readdir(sub), ['out.json']);
  });

  it('streams: matches JSON.stringify and writes 100k findings', async () => {
    const value = { a: [1, { b: [] }, null], c: {}, d: undefined, e: 'x"\n' };
    assert.equal([...jsonChunks(value, 5)].join(''), JSON.stringify(value, null, 2));
    assert.equal([...jsonChunks([undefined, 2], 5)].join(''), JSON.stringify([undefined, 2], null, 2));

    const report = sampleReport();
    const base = report.findings[0]!;
    report.findings = Array.from({ length: 100_000 }, (_, i) => ({ ...base, id: `id${i}`, line: i + 1 }));
    const file = join(dir, 'big.json');
    const chunks = [...jsonChunks(report, 2)];
    assert.ok(chunks.length > 200_000, 'findings are yielded one by one');
    await writeJsonReport(report, file);
    const back = await readReport(file);
    assert.equal(back.findings.length, 100_000);
    assert.equal(back.findings[99_999]!.line, 100_000);
  });
});
