import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type { Report } from '../../src/core/types.js';
import { applyBaseline, createBaseline } from '../../src/report/baseline.js';
import { packagePathUri, toSarif, writeSarif, type SarifLog } from '../../src/report/sarif.js';
import { findingsFor, functionTarget, ORDERS_ITEMS, sampleReport } from '../helpers/sample-report.js';

/**
 * The official SARIF 2.1.0 schema (draft-04, `sarif-2.1.0-rtm.5.json`) as the npm package
 * @microsoft/jest-sarif ships it: test data from the registry, not copied into this repo. Its language
 * pattern is not valid under the `u` flag, hence `unicodeRegExp: false`.
 */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv04Module.default({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}

const validate = sarifValidator();

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

function results(report: Report) {
  return toSarif(report).runs[0]!.results;
}

describe('SARIF 2.1.0', () => {
  it('the validator rejects what the official schema forbids', () => {
    const log = toSarif(sampleReport());
    assertValid(log);
    const bad = structuredClone(log) as unknown as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    bad.runs[0]!.results[0]!['level'] = 'fatal';
    assert.equal(validate(bad), false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'has space/a b.py';
    assert.equal(validate(badUri), false);
    const badLine = structuredClone(log);
    badLine.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
    assert.equal(validate(badLine), false);
  });

  it('validates for a realistic report, with a baseline applied, and when empty', () => {
    const report = sampleReport();
    assertValid(toSarif(report));
    assertValid(toSarif(applyBaseline(report, createBaseline(report))));
    assertValid(toSarif({ ...report, targets: [], findings: [], errors: [] }));
  });

  it('describes the tool, rule and run', () => {
    const run = toSarif(sampleReport()).runs[0]!;
    const driver = run.tool.driver;
    assert.equal(driver.name, 'lambda-audit');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.rules.length, 1);
    const rule = driver.rules[0]!;
    assert.equal(rule.id, 'AP-01');
    assert.match(rule.help.markdown ?? '', /### Remediation[\s\S]*asyncio\.gather[\s\S]*### Exceptions[\s\S]*Tech debt/);
    assert.ok(rule.properties.tags?.includes('threading'));
    assert.equal(run.automationDetails.id, 'lambda-audit/AP-01/2026-12-01T10:00:00.000Z');
    assert.equal(run.invocations[0]!.executionSuccessful, false, 'an errored target makes the run incomplete');
    const notes = run.invocations[0]!.toolExecutionNotifications;
    assert.ok(notes.some((n) => n.level === 'error' && n.message.text.includes('broken-fn')));
    assert.ok(notes.some((n) => n.level === 'warning' && n.message.text.includes('legacy/py2.py')));
  });

  it('sets levels and suppressions by origin and status', () => {
    const byPrimitive = new Map(results(sampleReport()).map((r) => [r.properties['primitive'], r]));
    const open = byPrimitive.get('threading.Lock')!;
    assert.equal(open.level, 'error');
    assert.equal(open.suppressions, undefined);
    const suppressed = byPrimitive.get('concurrent.futures.ThreadPoolExecutor')!;
    assert.equal(suppressed.level, 'warning');
    assert.deepEqual(suppressed.suppressions, [{ kind: 'inSource', status: 'accepted', justification: 'measured, needed for S3 fan-out' }]);
    const ack = byPrimitive.get('threading.Thread')!;
    assert.equal(ack.level, 'warning');
    assert.match(ack.suppressions?.[0]?.justification ?? '', /^tech debt: /);
    const vendored = byPrimitive.get('threading.RLock')!;
    assert.equal(vendored.level, 'note');
    assert.equal(vendored.properties['package'], 'fastcache');
  });

  it('locates results in the package, with the function ARN and fleet properties', () => {
    const report = sampleReport();
    const r = results(report).find((x) => x.properties['primitive'] === 'threading.RLock')!;
    const loc = r.locations[0]!;
    assert.equal(loc.physicalLocation.artifactLocation.uri, '.requirements.zip!/fastcache/__init__.py');
    assert.deepEqual([loc.physicalLocation.region.startLine, loc.physicalLocation.region.startColumn], [12, 1]);
    assert.deepEqual(loc.logicalLocations?.[0], {
      name: 'orders-api',
      fullyQualifiedName: 'arn:aws:lambda:eu-west-1:111122223333:function:orders-api',
      kind: 'resource',
    });
    assert.equal(r.properties['account'], '111122223333');
    assert.equal(r.properties['region'], 'eu-west-1');
    assert.equal(r.properties['functionName'], 'orders-api');
    assert.equal(r.properties['origin'], 'vendored');
    assert.equal(r.properties['fingerprint'], report.findings[4]!.id);
    const layer = results(report).find((x) => x.properties['primitive'] === 'threading.Event')!;
    assert.equal(layer.locations[0]!.logicalLocations?.[0]?.name, 'orgcommon');

    assert.equal(packagePathUri('my pkg/mod#1.py'), 'my%20pkg/mod%231.py');
    assert.equal(packagePathUri('a:b/ü.py'), 'a%3Ab/%C3%BC.py');
    const odd = sampleReport();
    odd.findings[0]!.file = 'dir with space/100%/ü?.py';
    assertValid(toSarif(odd));
  });

  it('keeps fingerprints stable across line shifts and redeploys', () => {
    const a = findingsFor(functionTarget('orders-api'), ORDERS_ITEMS);
    const b = findingsFor(
      functionTarget('orders-api', '999988887777', 'us-west-2'),
      ORDERS_ITEMS.map((it) => ({ ...it, line: it.line + 3 })),
    );
    const fp = (fs: typeof a) => results({ ...sampleReport(), findings: fs }).map((r) => r.partialFingerprints['primaryLocationLineHash']);
    assert.deepEqual(fp(a), fp(b));
    assert.deepEqual(fp(a), a.map((f) => `${f.id}:1`));
    assert.equal(new Set(fp(a)).size, a.length);
  });

  it('carries baseline state and first-seen time', () => {
    const report = sampleReport();
    const applied = applyBaseline(report, { schemaVersion: 1, kind: 'lambda-audit-baseline', createdAt: report.startedAt, entries: [] });
    const r = results(applied)[0]!;
    assert.equal(r.baselineState, 'new');
    assert.equal(r.provenance?.firstDetectionTimeUtc, report.startedAt);
    assert.equal(r.properties['baseline'], 'new');
  });

  it('writes the file atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'la-sarif-'));
    try {
      const file = join(dir, 'out.sarif');
      await writeSarif(sampleReport(), file);
      const back = JSON.parse(await readFile(file, 'utf8')) as SarifLog;
      assertValid(back);
      assert.deepEqual(back, JSON.parse(JSON.stringify(toSarif(sampleReport()))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
