import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyOrigins, handlerModule, metadataPaths, type ClassifyInput } from '../../src/classify/index.js';
import type { FileOrigin } from '../../src/core/types.js';

const table = new Map([
  ['requests', 'requests'],
  ['yaml', 'pyyaml'],
  ['six', 'six'],
  ['app', 'not-supposed-to-be-here'],
  ['google/protobuf', 'protobuf'],
]);

function classify(input: Partial<ClassifyInput> & { paths: string[] }): Map<string, FileOrigin> {
  return classifyOrigins({ metadata: [], table, ...input });
}

function origin(map: Map<string, FileOrigin>, path: string): [string, string | null, string] {
  const o = map.get(path);
  assert.ok(o, `no origin for ${path}`);
  return [o.origin, o.package, o.signal];
}

describe('metadataPaths', () => {
  it('names RECORD and top_level.txt of dist-info, top_level.txt and installed-files.txt of egg-info, at any depth', () => {
    const paths = [
      'requests-2.31.0.dist-info/RECORD',
      'requests-2.31.0.dist-info/METADATA',
      'requests-2.31.0.dist-info/top_level.txt',
      'python/lib/python3.12/site-packages/six-1.16.0.egg-info/top_level.txt',
      '.requirements.zip!/foo-1.0.egg-info/installed-files.txt',
      'RECORD',
      'app.py',
    ];
    assert.deepEqual(metadataPaths(paths), [
      '.requirements.zip!/foo-1.0.egg-info/installed-files.txt',
      'python/lib/python3.12/site-packages/six-1.16.0.egg-info/top_level.txt',
      'requests-2.31.0.dist-info/RECORD',
      'requests-2.31.0.dist-info/top_level.txt',
    ]);
  });
});

describe('handlerModule', () => {
  it('maps handler strings to module files', () => {
    assert.deepEqual(handlerModule('app.lambda_handler'), { files: ['app.py', 'app/__init__.py'], top: 'app' });
    assert.deepEqual(handlerModule('src/app.handler'), { files: ['src/app.py', 'src/app/__init__.py'], top: 'src' });
    assert.deepEqual(handlerModule('pkg.sub.mod.handler')?.files[0], 'pkg/sub/mod.py');
    assert.equal(handlerModule('nodot'), null);
    assert.equal(handlerModule(null), null);
  });
});

describe('classifyOrigins', () => {
  it('only classifies .py paths', () => {
    const map = classify({ paths: ['app.py', 'README.md', 'x.pyc', 'requests-2.0.dist-info/RECORD'] });
    assert.deepEqual([...map.keys()], ['app.py']);
  });

  it('RECORD claims listed files with the normalised dist name; unlisted siblings stay own', () => {
    const record = 'charset_normalizer/__init__.py,sha256=x,10\n"charset_normalizer/we,ird.py",sha256=y,3\n../../bin/normalizer,,\ncharset_normalizer-3.0.dist-info/RECORD,,\n';
    const map = classify({
      paths: ['charset_normalizer/__init__.py', 'charset_normalizer/we,ird.py', 'charset_normalizer/added_by_hand.py', 'charset_normalizer-3.0.dist-info/RECORD'],
      metadata: [{ path: 'charset_normalizer-3.0.dist-info/RECORD', text: record }],
    });
    assert.deepEqual(origin(map, 'charset_normalizer/__init__.py'), ['vendored', 'charset-normalizer', 'dist-info RECORD']);
    assert.deepEqual(origin(map, 'charset_normalizer/we,ird.py'), ['vendored', 'charset-normalizer', 'dist-info RECORD']);
    assert.equal(map.get('charset_normalizer/added_by_hand.py')?.origin, 'own');
  });

  it('top_level.txt claims a module and a package in its own site dir only', () => {
    const site = 'python/lib/python3.12/site-packages/';
    const map = classify({
      paths: [`${site}dateutil/tz/tz.py`, `${site}six.py`, `${site}python_dateutil-2.8.2.egg-info/top_level.txt`, `${site}six-1.16.0.egg-info/top_level.txt`, 'dateutil/mine.py', 'dateutil_extra/x.py'],
      metadata: [
        { path: `${site}python_dateutil-2.8.2.egg-info/top_level.txt`, text: 'dateutil\n' },
        { path: `${site}six-1.16.0.egg-info/top_level.txt`, text: 'six\n' },
      ],
    });
    assert.deepEqual(origin(map, `${site}dateutil/tz/tz.py`), ['vendored', 'python-dateutil', 'egg-info top_level.txt']);
    assert.deepEqual(origin(map, `${site}six.py`), ['vendored', 'six', 'egg-info top_level.txt']);
    assert.equal(map.get('dateutil/mine.py')?.origin, 'own', 'a claim does not leak to another site dir');
    assert.equal(map.get('dateutil_extra/x.py')?.origin, 'own', 'a claim is a path prefix plus /, not a string prefix');
  });

  it('a bare egg-info (no top_level.txt, no RECORD) claims the module named like the dist', () => {
    const map = classify({ paths: ['yamlordereddictloader.py', 'yamlordereddictloader-0.4.0.egg-info'] });
    assert.deepEqual(origin(map, 'yamlordereddictloader.py'), ['vendored', 'yamlordereddictloader', 'egg-info name']);
  });

  it('layer: site-packages is vendored (package from the table when known), python/<pkg> is own', () => {
    const map = classify({
      isLayer: true,
      paths: ['python/lib/python3.11/site-packages/yaml/__init__.py', 'python/lib/python3.11/site-packages/leftpad/x.py', 'python/acme_common/db.py', 'python/acme_common/vendor/six.py'],
    });
    assert.deepEqual(origin(map, 'python/lib/python3.11/site-packages/yaml/__init__.py'), ['vendored', 'pyyaml', 'layer site-packages']);
    assert.deepEqual(origin(map, 'python/lib/python3.11/site-packages/leftpad/x.py'), ['vendored', 'leftpad', 'layer site-packages']);
    assert.deepEqual(origin(map, 'python/acme_common/db.py'), ['own', null, 'layer python/ shared code']);
    assert.deepEqual(origin(map, 'python/acme_common/vendor/six.py'), ['vendored', 'six', 'vendor/ folder']);
  });

  it('vendor-like folders anywhere: package is the first name below', () => {
    const map = classify({
      paths: ['vendor/six.py', 'mylib/_vendor/yaml/reader.py', 'lib/third_party/foo/bar.py', 'x/vendored/__init__.py', 'a/site-packages/b/c.py', 'vendor.py'],
    });
    assert.deepEqual(origin(map, 'vendor/six.py'), ['vendored', 'six', 'vendor/ folder']);
    assert.deepEqual(origin(map, 'mylib/_vendor/yaml/reader.py'), ['vendored', 'pyyaml', '_vendor/ folder']);
    assert.deepEqual(origin(map, 'lib/third_party/foo/bar.py'), ['vendored', 'foo', 'third_party/ folder']);
    assert.deepEqual(origin(map, 'x/vendored/__init__.py'), ['vendored', null, 'vendored/ folder']);
    assert.deepEqual(origin(map, 'a/site-packages/b/c.py'), ['vendored', 'b', 'site-packages/ folder']);
    assert.equal(map.get('vendor.py')?.origin, 'own', 'a file named vendor is not a folder');
  });

  it('nested archives are dependency content; their own dist-info still names the dist', () => {
    const n = '.requirements.zip!/';
    const map = classify({
      paths: [`${n}sqlalchemy/pool/base.py`, `${n}six.py`, `${n}greenlet-3.0.dist-info/RECORD`, `${n}greenlet/__init__.py`],
      metadata: [{ path: `${n}greenlet-3.0.dist-info/RECORD`, text: 'greenlet/__init__.py,sha256=a,1\n' }],
    });
    assert.deepEqual(origin(map, `${n}sqlalchemy/pool/base.py`), ['vendored', 'sqlalchemy', 'nested archive']);
    assert.deepEqual(origin(map, `${n}six.py`), ['vendored', 'six', 'nested archive']);
    assert.deepEqual(origin(map, `${n}greenlet/__init__.py`), ['vendored', 'greenlet', 'dist-info RECORD']);
  });

  it('metadata stripped: the table claims known top-level names at the root, namespace packages by top/sub', () => {
    const map = classify({
      handler: 'handler.main',
      paths: ['requests/api.py', 'yaml.py', 'google/protobuf/message.py', 'google/mine/x.py', 'mylib/requests.py', 'handler.py'],
    });
    assert.deepEqual(origin(map, 'requests/api.py'), ['vendored', 'requests', 'PyPI name table (metadata stripped)']);
    assert.deepEqual(origin(map, 'yaml.py'), ['vendored', 'pyyaml', 'PyPI name table (metadata stripped)']);
    assert.deepEqual(origin(map, 'google/protobuf/message.py'), ['vendored', 'protobuf', 'PyPI name table (metadata stripped)']);
    assert.equal(map.get('google/mine/x.py')?.origin, 'own');
    assert.equal(map.get('mylib/requests.py')?.origin, 'own', 'only top-level names count');
    assert.deepEqual(origin(map, 'handler.py'), ['own', null, 'handler module']);
  });

  it('the table never claims the handler module top-level name', () => {
    const map = classify({ handler: 'app.lambda_handler', paths: ['app/__init__.py', 'app/jobs.py', 'six.py'] });
    assert.deepEqual(origin(map, 'app/__init__.py'), ['own', null, 'handler module']);
    assert.deepEqual(origin(map, 'app/jobs.py'), ['own', null, 'no third-party signal']);
    assert.equal(map.get('six.py')?.origin, 'vendored');
    const without = classify({ paths: ['app/__init__.py'] });
    assert.equal(without.get('app/__init__.py')?.origin, 'vendored', 'control: the test table does list app');
  });

  it('uses the bundled table by default', () => {
    const map = classifyOrigins({ paths: ['botocore/client.py', 'dateutil/parser.py', 'mylib/x.py'], metadata: [] });
    assert.deepEqual(origin(map, 'botocore/client.py'), ['vendored', 'botocore', 'PyPI name table (metadata stripped)']);
    assert.equal(map.get('dateutil/parser.py')?.package, 'python-dateutil');
    assert.equal(map.get('mylib/x.py')?.origin, 'own');
  });

  it('overrides win over every signal; ownPaths over vendoredPaths', () => {
    const map = classify({
      paths: ['vendor/six.py', 'requests/api.py', 'libs/forked/x.py', 'libs/forked/y.py', '.requirements.zip!/z/a.py'],
      ownPaths: ['vendor/**', 'libs/forked/y.py', '.requirements.zip!/z/**'],
      vendoredPaths: ['libs/**', 'requests/**'],
    });
    assert.deepEqual(origin(map, 'vendor/six.py'), ['own', null, 'override ownPaths']);
    assert.deepEqual(origin(map, 'libs/forked/x.py'), ['vendored', 'libs', 'override vendoredPaths']);
    assert.deepEqual(origin(map, 'libs/forked/y.py'), ['own', null, 'override ownPaths']);
    assert.deepEqual(origin(map, 'requests/api.py'), ['vendored', 'requests', 'override vendoredPaths']);
    assert.deepEqual(origin(map, '.requirements.zip!/z/a.py'), ['own', null, 'override ownPaths']);
  });

  it('RECORD beats top_level.txt claims of another distribution (namespace collisions)', () => {
    const map = classify({
      paths: ['google/protobuf/a.py', 'google/auth/b.py', 'protobuf-4.0.dist-info/top_level.txt', 'google_auth-2.0.dist-info/RECORD', 'google_auth-2.0.dist-info/top_level.txt'],
      metadata: [
        { path: 'protobuf-4.0.dist-info/top_level.txt', text: 'google\n' },
        { path: 'google_auth-2.0.dist-info/RECORD', text: 'google/auth/b.py,,\n' },
        { path: 'google_auth-2.0.dist-info/top_level.txt', text: 'google\n' },
      ],
    });
    assert.deepEqual(origin(map, 'google/auth/b.py'), ['vendored', 'google-auth', 'dist-info RECORD']);
    assert.equal(map.get('google/protobuf/a.py')?.origin, 'vendored');
  });
});
