import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, openZip, type ArchiveLimits } from '../../src/archive/index.js';
import { ArchiveError } from '../../src/core/errors.js';
import {
  buildZip,
  honestZipBomb,
  lyingZipBomb,
  manyEntriesZip,
  notAZip,
  rawZip,
  truncatedZip,
  zipSlip,
} from '../helpers/zip.js';

const MiB = 1024 * 1024;

function archiveError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ArchiveError, `expected ArchiveError, got ${String(err)}`);
    assert.equal(err.target, 'pkg.zip');
    assert.match(err.message, message);
    return true;
  });
}

const escape = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

function limits(over: Partial<ArchiveLimits>): ArchiveLimits {
  return { ...DEFAULT_LIMITS, ...over };
}

describe('openZip: ordinary packages', () => {
  it('lists files sorted with sizes, reads them lazily, skips directory entries', () => {
    const pkg = openZip(buildZip({ 'mylib/util.py': 'X = 1\n', 'app.py': 'import mylib\n', 'mylib/': Buffer.alloc(0) }), 'pkg.zip');
    assert.deepEqual(pkg.entries.map((e) => [e.path, e.size]), [['app.py', 13], ['mylib/util.py', 6]]);
    assert.equal(pkg.entries[0]!.read().toString(), 'import mylib\n');
    assert.equal(pkg.totalBytes, 19);
    assert.deepEqual(pkg.notes, []);
  });

  it('reads stored (method 0) entries and checks their CRC', () => {
    const pkg = openZip(rawZip([{ name: 'a.py', data: 'stored = True\n', method: 0 }]), 'pkg.zip');
    assert.equal(pkg.entries[0]!.read().toString(), 'stored = True\n');
    const bad = openZip(rawZip([{ name: 'a.py', data: 'stored = True\n', method: 0, crc: 1 }]), 'pkg.zip');
    archiveError(() => bad.entries[0]!.read(), /corrupt zip: entry a\.py fails its CRC-32 check/);
  });

  it('exposes a .requirements.zip with the outer!/inner path form', () => {
    const inner = buildZip({ 'sqlalchemy/pool/base.py': 'import threading\n', 'six.py': 's = 1\n' });
    const pkg = openZip(buildZip({ 'handler.py': 'h = 1\n', '.requirements.zip': inner }), 'pkg.zip');
    const paths = pkg.entries.map((e) => e.path);
    assert.deepEqual(paths, ['.requirements.zip', '.requirements.zip!/six.py', '.requirements.zip!/sqlalchemy/pool/base.py', 'handler.py']);
    const base = pkg.entries.find((e) => e.path.endsWith('base.py'))!;
    assert.equal(base.read().toString(), 'import threading\n');
    assert.equal(pkg.totalBytes, inner.length + 6 + 17 + 6);
  });

  it('opens nested archives up to maxNestingDepth and notes deeper ones', () => {
    const level3 = buildZip({ 'deep.py': 'd = 3\n' });
    const level2 = buildZip({ 'l2.py': '', 'c.zip': level3 });
    const level1 = buildZip({ 'l1.py': '', 'b.zip': level2 });
    const pkg = openZip(buildZip({ 'a.zip': level1 }), 'pkg.zip');
    const paths = pkg.entries.map((e) => e.path);
    assert.ok(paths.includes('a.zip!/b.zip!/l2.py'));
    assert.ok(paths.includes('a.zip!/b.zip!/c.zip'), 'too-deep archive stays listed');
    assert.ok(!paths.some((p) => p.includes('deep.py')));
    assert.match(pkg.notes.join('\n'), /nested deeper than 2.*a\.zip!\/b\.zip!\/c\.zip/);
  });

  it('notes a nested .zip that is not a zip and keeps it as a plain entry', () => {
    const pkg = openZip(buildZip({ 'tests/fixture.zip': notAZip(), 'app.py': '' }), 'pkg.zip');
    assert.deepEqual(pkg.entries.map((e) => e.path), ['app.py', 'tests/fixture.zip']);
    assert.match(pkg.notes.join('\n'), /nested archive tests\/fixture\.zip not opened: not a zip archive/);
  });

  it('lists a .pyc-only package with no .py entries', () => {
    const pyc = Buffer.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]);
    const pkg = openZip(buildZip({ '__pycache__/app.cpython-312.pyc': pyc, 'mylib/__pycache__/x.cpython-312.pyc': pyc }), 'pkg.zip');
    assert.equal(pkg.entries.length, 2);
    assert.equal(pkg.entries.filter((e) => e.path.endsWith('.py')).length, 0);
    assert.deepEqual(pkg.entries[0]!.read(), pyc);
  });

  it('skips encrypted, symlink and unsupported-method entries with a note', () => {
    const pkg = openZip(
      rawZip([
        { name: 'secret.py', data: 'import threading\n', flags: 1 },
        { name: 'link.py', data: '/etc/passwd', externalAttr: (0o120777 << 16) >>> 0 },
        { name: 'ok.py', data: 'ok = 1\n' },
        { name: 'bz.py', data: 'not really bzip2', method: 12 },
      ]),
      'pkg.zip',
    );
    assert.deepEqual(pkg.entries.map((e) => e.path), ['ok.py']);
    assert.match(pkg.notes.join('\n'), /unsupported compression method: 1 skipped \(bz\.py\)/);
    assert.match(pkg.notes.join('\n'), /encrypted entries: 1 skipped \(secret\.py\)/);
    assert.match(pkg.notes.join('\n'), /symlink entries \(not followed\): 1 skipped \(link\.py\)/);
  });

  it('reads backslash separators as / and notes it', () => {
    const pkg = openZip(rawZip([{ name: 'mylib\\util.py', data: 'u = 1\n' }]), 'pkg.zip');
    assert.deepEqual(pkg.entries.map((e) => e.path), ['mylib/util.py']);
    assert.match(pkg.notes.join('\n'), /1 entries used backslash separators/);
  });
});

describe('openZip: hostile and broken input', () => {
  for (const [name, reason] of [
    ['../evil.py', /has a parent-directory \(\.\.\) segment/],
    ['lib/../../evil.py', /has a parent-directory/],
    ['/abs.py', /is an absolute path/],
    ['..\\evil.py', /has a parent-directory/],
    ['\\\\server\\share\\x.py', /is an absolute path/],
    ['C:\\evil.py', /has a drive letter/],
    ['C:evil.py', /has a drive letter/],
  ] as const) {
    it(`refuses zip slip entry ${name}`, () => {
      archiveError(() => openZip(zipSlip(name), 'pkg.zip'), reason);
      assert.throws(() => openZip(zipSlip(name), 'pkg.zip'), { message: new RegExp(`^zip slip: entry ${escape(JSON.stringify(name))} `) });
    });
  }

  it('refuses a zip slip inside a nested archive', () => {
    const pkg = () => openZip(buildZip({ '.requirements.zip': zipSlip('../../escape.py') }), 'pkg.zip');
    archiveError(pkg, /zip slip: entry "\.requirements\.zip!\/\.\.\/\.\.\/escape\.py"/);
  });

  it('refuses two entries with the same name', () => {
    archiveError(() => openZip(rawZip([{ name: 'a.py', data: '1' }, { name: 'a.py', data: 'import threading' }]), 'pkg.zip'), /^ambiguous zip: entry "a\.py" appears twice$/);
  });

  it('refuses two entries that normalise to the same path', () => {
    archiveError(() => openZip(rawZip([{ name: 'a/b.py', data: '1' }, { name: 'a\\b.py', data: '2' }]), 'pkg.zip'), /ambiguous zip: entry a\/b\.py appears twice/);
  });

  it('catches a zip bomb whose header lies about its size, with bounded memory', () => {
    const bomb = lyingZipBomb(512, 1024);
    assert.ok(bomb.length < 1024 * 1024, 'the bomb is small');
    const before = process.memoryUsage().rss;
    const pkg = openZip(bomb, 'pkg.zip'); // opening does not inflate
    const entry = pkg.entries.find((e) => e.path === 'bomb.py')!;
    assert.equal(entry.size, 1024);
    archiveError(() => entry.read(), /zip bomb: entry bomb\.py inflates past its declared size of 1024 bytes/);
    const grown = (process.memoryUsage().rss - before) / MiB;
    assert.ok(grown < 100, `RSS grew ${grown.toFixed(1)} MiB`);
  });

  it('stops a lying bomb at the per-file cap when the header claims the cap', () => {
    const pkg = openZip(lyingZipBomb(512, 64 * MiB), 'pkg.zip');
    const before = process.memoryUsage().rss;
    archiveError(() => pkg.entries.find((e) => e.path === 'bomb.py')!.read(), /zip bomb: entry bomb\.py inflates past the 64 MiB per-file cap/);
    const grown = (process.memoryUsage().rss - before) / MiB;
    assert.ok(grown < 100, `RSS grew ${grown.toFixed(1)} MiB`);
  });

  it('fails an honest entry over the per-file cap before inflating anything', () => {
    archiveError(() => openZip(honestZipBomb(100), 'pkg.zip'), /zip bomb: entry big\.py is 100 MiB, over the 64 MiB per-file cap/);
  });

  it('fails when declared sizes pass the total cap, nested content included', () => {
    const files = { 'a.bin': Buffer.alloc(3000), 'b.bin': Buffer.alloc(3000) };
    const small = limits({ maxTotalBytes: 5000 });
    archiveError(() => openZip(buildZip(files), 'pkg.zip', small), /zip bomb: content passes the 5000 bytes total cap at entry b\.bin/);
    archiveError(() => openZip(buildZip({ 'x.zip': buildZip(files) }), 'pkg.zip', small), /total cap at entry x\.zip!\/b\.bin/);
  });

  it('counts each read once against the running total', () => {
    // The cap fits both entries exactly: counting the repeated read would leave no room for b.py.
    const pkg = openZip(buildZip({ 'a.py': Buffer.alloc(4000), 'b.py': Buffer.alloc(4000) }), 'pkg.zip', limits({ maxTotalBytes: 8000 }));
    pkg.entries[0]!.read();
    pkg.entries[0]!.read(); // a second read of the same entry is not counted twice
    assert.equal(pkg.entries[1]!.read().length, 4000);
  });

  it('fails an archive with more entries than the cap', () => {
    archiveError(() => openZip(manyEntriesZip(50), 'pkg.zip', limits({ maxEntries: 49 })), /too many entries: 50 in one archive, cap 49/);
    assert.equal(openZip(manyEntriesZip(50), 'pkg.zip', limits({ maxEntries: 50 })).entries.length, 50);
  });

  it('counts entries across nested archives', () => {
    const zip = buildZip({ 'a.py': '', '.requirements.zip': buildZip({ 'b.py': '', 'c.py': '' }) });
    archiveError(() => openZip(zip, 'pkg.zip', limits({ maxEntries: 3 })), /too many entries: more than 3 files/);
  });

  it('says "truncated or corrupt" for a cut zip', () => {
    archiveError(() => openZip(truncatedZip(), 'pkg.zip'), /^truncated or corrupt zip: end of central directory not found$/);
  });

  it('says "truncated or corrupt" when entry data lies past the end of the file', () => {
    const zip = buildZip({ 'app.py': 'x = 1\n'.repeat(100) });
    const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(zip.length, cd + 42); // local header offset beyond the end
    archiveError(() => openZip(zip, 'pkg.zip'), /^truncated or corrupt zip: data of entry app\.py lies outside the file$/);
  });

  it('says "truncated or corrupt" for a damaged deflate stream', () => {
    const zip = rawZip([{ name: 'a.py', compressed: Buffer.from([0xff, 0xff, 0xff, 0xff]), size: 10, crc: 0 }]);
    archiveError(() => openZip(zip, 'pkg.zip').entries[0]!.read(), /^truncated or corrupt zip: entry a\.py does not inflate/);
  });

  it('says "not a zip archive" for other bytes', () => {
    archiveError(() => openZip(notAZip(), 'pkg.zip'), /^not a zip archive$/);
    archiveError(() => openZip(Buffer.alloc(0), 'pkg.zip'), /^not a zip archive$/);
  });
});
