/**
 * Classification of packages built from real third-party code (Debian's python3-* packages)
 * in each layout a Lambda package uses, next to own code written here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openZip } from '../../src/archive/index.js';
import { classifyOrigins, metadataPaths } from '../../src/classify/index.js';
import type { FileOrigin } from '../../src/core/types.js';
import { debianZip, fetchedPackages, loadDebianPackage, sitePrefix, type DebianPackage, type Layout, type Metadata } from '../helpers/debian.js';

const OWN = {
  'app.py': 'import threading\nfrom mylib.worker import run\n\nlock = threading.Lock()\n\ndef lambda_handler(event, context):\n    return run(event)\n',
  'mylib/__init__.py': '',
  'mylib/worker.py': 'from concurrent.futures import ThreadPoolExecutor\n\ndef run(event):\n    with ThreadPoolExecutor() as ex:\n        return list(ex.map(str, event))\n',
};
const OWN_PY = Object.keys(OWN);

// Everything fetch-debian.mjs fetched; the first test pins the list.
const packages: DebianPackage[] = fetchedPackages().map((p) => loadDebianPackage(p, { pythonOnly: true }));

function classifyZip(zip: Buffer, opts: { handler?: string; isLayer?: boolean; ownPaths?: string[]; vendoredPaths?: string[] } = {}): Map<string, FileOrigin> {
  const pkg = openZip(zip, 'test.zip');
  const paths = pkg.entries.map((e) => e.path);
  const byPath = new Map(pkg.entries.map((e) => [e.path, e]));
  const metadata = metadataPaths(paths).map((path) => ({ path, text: byPath.get(path)!.read().toString('utf8') }));
  return classifyOrigins({ paths, metadata, handler: opts.handler ?? 'app.lambda_handler', ...opts });
}

/** Every dependency .py is vendored under its Debian distribution's name; own code stays own. */
function assertSplit(map: Map<string, FileOrigin>, layout: Layout, signal: RegExp): void {
  const prefix = sitePrefix(layout);
  let checked = 0;
  for (const p of packages) {
    for (const f of p.code) {
      const o = map.get(prefix + f.path);
      assert.ok(o, `missing ${prefix + f.path}`);
      assert.deepEqual([o.origin, o.package], ['vendored', p.dist], `${prefix + f.path} (${o.signal})`);
      assert.match(o.signal, signal, prefix + f.path);
      checked++;
    }
  }
  for (const path of OWN_PY) assert.equal(map.get(path)?.origin, 'own', path);
  assert.equal(map.get('app.py')?.signal, 'handler module');
  assert.ok(checked > 200, `checked ${checked} dependency files`);
}

const zip = (layout: Layout, metadata: Metadata): Buffer => debianZip({ packages, layout, metadata, own: OWN });

describe('classification of real Debian code', () => {
  it('covers the distributions asked for', () => {
    const dists = packages.map((p) => p.dist).sort();
    assert.deepEqual(dists, ['boto3', 'botocore', 'certifi', 'charset-normalizer', 'idna', 'jmespath', 'python-dateutil', 'requests', 's3transfer', 'six', 'urllib3']);
  });

  it('pip -t with dist-info: RECORD decides (synthesised where Debian ships egg-info, real for charset-normalizer)', () => {
    const map = classifyZip(zip('root', 'dist-info'));
    assertSplit(map, 'root', /^dist-info RECORD$/);
    assert.equal(map.get('botocore/client.py')?.package, 'botocore');
    assert.equal(map.get('requests/sessions.py')?.package, 'requests');
    assert.equal(map.get('urllib3/connectionpool.py')?.package, 'urllib3');
  });

  it('egg-info as Debian ships it: top_level.txt decides (charset-normalizer ships a real dist-info)', () => {
    const map = classifyZip(zip('root', 'egg-info'));
    assertSplit(map, 'root', /^(egg-info top_level\.txt|dist-info RECORD)$/);
    assert.equal(map.get('requests/api.py')?.signal, 'egg-info top_level.txt');
    assert.equal(map.get('dateutil/tz/tz.py')?.signal, 'egg-info top_level.txt');
    assert.equal(map.get('charset_normalizer/api.py')?.signal, 'dist-info RECORD');
  });

  it('Lambda layer: python/lib/python3.12/site-packages is vendored, python/<pkg> own', () => {
    const layer = debianZip({ packages, layout: 'layer', metadata: 'none', own: { 'python/acme_shared/db.py': 'import threading\n' } });
    const map = classifyZip(layer, { isLayer: true });
    const prefix = sitePrefix('layer');
    for (const p of packages) {
      for (const f of p.code) assert.deepEqual([map.get(prefix + f.path)?.origin, map.get(prefix + f.path)?.package], ['vendored', p.dist], f.path);
    }
    assert.equal(map.get(`${prefix}dateutil/parser/_parser.py`)?.signal, 'layer site-packages');
    assert.deepEqual(map.get('python/acme_shared/db.py'), { origin: 'own', package: null, signal: 'layer python/ shared code' });
  });

  it('vendor/ folder without metadata: vendored, named through the table', () => {
    assertSplit(classifyZip(zip('vendor', 'none')), 'vendor', /^vendor\/ folder$/);
  });

  it('nested .requirements.zip with its dist-info', () => {
    assertSplit(classifyZip(zip('nested', 'dist-info')), 'nested', /^dist-info RECORD$/);
  });

  it('nested .requirements.zip without metadata', () => {
    assertSplit(classifyZip(zip('nested', 'none')), 'nested', /^nested archive$/);
  });

  it('metadata stripped at the root: only the PyPI table saves it', () => {
    const map = classifyZip(zip('root', 'none'));
    assertSplit(map, 'root', /^PyPI name table/);
    assert.equal(map.get('mylib/worker.py')?.signal, 'no third-party signal');
  });

  it('overrides beat real metadata', () => {
    const map = classifyZip(zip('root', 'dist-info'), { ownPaths: ['requests/**'], vendoredPaths: ['mylib/**'] });
    assert.deepEqual(map.get('requests/api.py'), { origin: 'own', package: null, signal: 'override ownPaths' });
    assert.deepEqual(map.get('mylib/worker.py'), { origin: 'vendored', package: 'mylib', signal: 'override vendoredPaths' });
    assert.equal(map.get('urllib3/poolmanager.py')?.origin, 'vendored');
  });
});
