import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMITS, openZip, type ArchiveLimits } from '../../src/archive/index.js';
import { createAnalysisPool, type PackagePool, type ZipJobOptions } from '../../src/analysis/pool.js';
import { ArchiveError, AuditError } from '../../src/core/errors.js';
import { analyzePackage, type PackageAnalysis } from '../../src/scan/analyze-package.js';
import { buildZip, lyingZipBomb, notAZip, zipSlip } from '../helpers/zip.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

function zipDirectory(dir: string): Buffer {
  const files: Record<string, Buffer> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(dir, p).split('\\').join('/')] = readFileSync(p);
    }
  };
  walk(dir);
  return buildZip(files);
}

const nested = (): Buffer =>
  buildZip({
    'handler.py': 'import json\ndef handler(event, context):\n    return json.dumps(event)\n',
    '.requirements.zip': buildZip({
      'sqlalchemy/pool/base.py': 'import threading\nclass Pool:\n    def __init__(self):\n        self._lock = threading.RLock()\n',
      'six.py': 'import _thread\n',
      'sqlalchemy-2.0.0.dist-info/RECORD': 'sqlalchemy/pool/base.py,,\n',
    }),
  });

const CASES: { name: string; zip: () => Buffer; opts: ZipJobOptions }[] = [
  ...readdirSync(SAMPLES).sort().map((name) => ({
    name,
    zip: () => zipDirectory(join(SAMPLES, name)),
    opts: { handler: null, isLayer: name === 'shared-layer', ownPaths: [], vendoredPaths: ['vendor/**'] },
  })),
  { name: 'nested .requirements.zip', zip: nested, opts: { handler: 'handler.handler', isLayer: false, ownPaths: [], vendoredPaths: [] } },
];

async function inThread(pool: PackagePool, zip: Buffer, label: string, opts: ZipJobOptions, limits: ArchiveLimits = DEFAULT_LIMITS): Promise<PackageAnalysis> {
  return analyzePackage(openZip(zip, label, limits), { ...opts, pool });
}

function auditFields(err: unknown): { class: string; code: string; message: string; target: string | null } {
  assert.ok(err instanceof AuditError, `an AuditError, got ${String(err)}`);
  return { class: err.constructor.name, code: err.code, message: err.message, target: err.target };
}

describe('pool.analyzeZip', () => {
  let single: PackagePool;
  let workers: PackagePool;
  before(async () => {
    single = await createAnalysisPool(1);
    workers = await createAnalysisPool(2);
  });
  after(async () => {
    await single.close();
    await workers.close();
  });

  it('gives the same PackageAnalysis in the workers, in-thread and via openZip + analyzePackage', async () => {
    const zips = CASES.map((c) => c.zip());
    const expected = await Promise.all(CASES.map((c, i) => inThread(single, zips[i]!, c.name, c.opts)));
    assert.ok(expected.some((a) => a.files.length > 0), 'the samples have findings');
    const nestedFiles = expected.at(-1)!.files.map((f) => `${f.file} ${f.origin}`);
    assert.deepEqual(nestedFiles, ['.requirements.zip!/six.py vendored', '.requirements.zip!/sqlalchemy/pool/base.py vendored']);

    // More jobs than workers, all at once: they queue.
    const fromWorkers = await Promise.all(CASES.map((c, i) => workers.analyzeZip(Buffer.from(zips[i]!), c.name, DEFAULT_LIMITS, c.opts)));
    assert.deepEqual(fromWorkers, expected);
    const fromSingle = await Promise.all(CASES.map((c, i) => single.analyzeZip(Buffer.from(zips[i]!), c.name, DEFAULT_LIMITS, c.opts)));
    assert.deepEqual(fromSingle, expected);
  });

  it('transfers a buffer it owns whole and copies a view on a larger one', async () => {
    const zip = nested();
    const owned = Buffer.alloc(zip.length);
    zip.copy(owned);
    const big = Buffer.alloc(zip.length + 100);
    zip.copy(big, 50);
    const view = big.subarray(50, 50 + zip.length);
    const opts = CASES.at(-1)!.opts;
    const [a, b] = await Promise.all([workers.analyzeZip(owned, 'a', DEFAULT_LIMITS, opts), workers.analyzeZip(view, 'b', DEFAULT_LIMITS, opts)]);
    assert.deepEqual(a, b);
    assert.equal(owned.length, 0, 'transferred, not copied');
    assert.ok(view.equals(zip), 'the larger buffer is left alone');
  });

  const hostile: { name: string; zip: () => Buffer; limits?: ArchiveLimits }[] = [
    { name: 'zip slip', zip: () => zipSlip('../evil.py') },
    { name: 'nested zip slip', zip: () => buildZip({ '.requirements.zip': zipSlip('../../escape.py') }) },
    { name: 'lying zip bomb', zip: () => lyingZipBomb(64, 1024) },
    { name: 'total cap', zip: () => buildZip({ 'a.py': 'x = 1\n'.repeat(1000) }), limits: { ...DEFAULT_LIMITS, maxTotalBytes: 100 } },
    { name: 'not a zip', zip: notAZip },
  ];
  for (const h of hostile) {
    it(`rejects a ${h.name} with the same ArchiveError as in-thread`, async () => {
      const opts: ZipJobOptions = { handler: null, isLayer: false, ownPaths: [], vendoredPaths: [] };
      const limits = h.limits ?? DEFAULT_LIMITS;
      const expected = await inThread(single, h.zip(), 'pkg.zip', opts, limits).then(
        () => assert.fail('in-thread analysis should fail'),
        auditFields,
      );
      assert.equal(expected.class, ArchiveError.name);
      assert.equal(expected.target, 'pkg.zip');
      for (const pool of [workers, single]) {
        const err = await pool.analyzeZip(h.zip(), 'pkg.zip', limits, opts).then(() => assert.fail('should fail'), (e: unknown) => e);
        assert.ok(err instanceof ArchiveError);
        assert.deepEqual(auditFields(err), expected);
      }
    });
  }

  it('keeps working after a failed job', async () => {
    const c = CASES.at(-1)!;
    const again = await workers.analyzeZip(c.zip(), c.name, DEFAULT_LIMITS, c.opts);
    assert.deepEqual(again, await inThread(single, c.zip(), c.name, c.opts));
  });
});
