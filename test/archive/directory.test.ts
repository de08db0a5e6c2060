import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMITS, openDirectory } from '../../src/archive/index.js';
import { ArchiveError } from '../../src/core/errors.js';
import { buildZip, zipSlip } from '../helpers/zip.js';

describe('openDirectory', () => {
  let base: string;
  let root: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'la-dir-'));
    root = join(base, 'pkg');
    mkdirSync(join(root, 'mylib', 'sub'), { recursive: true });
    writeFileSync(join(root, 'app.py'), 'import mylib\n');
    writeFileSync(join(root, 'mylib', '__init__.py'), '');
    writeFileSync(join(root, 'mylib', 'sub', 'x.py'), 'x = 1\n');
    writeFileSync(join(root, '.requirements.zip'), buildZip({ 'six.py': 'six = 1\n' }));
    writeFileSync(join(base, 'outside.py'), 'import threading\n');
    symlinkSync(join(base, 'outside.py'), join(root, 'leak.py'));
    symlinkSync(base, join(root, 'up'));
    symlinkSync(join(root, 'mylib'), join(root, 'alias')); // a directory already walked: skipped
    symlinkSync(join(root, 'mylib', 'sub', 'x.py'), join(root, 'mylib', 'sub', 'y.py')); // a file inside: listed
    symlinkSync(root, join(root, 'mylib', 'loop')); // back to the root: walked once only
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('walks files as relative posix paths, follows only links inside the root, opens nested zips', async () => {
    const pkg = await openDirectory(root, 'dir');
    assert.deepEqual(pkg.entries.map((e) => e.path), [
      '.requirements.zip',
      '.requirements.zip!/six.py',
      'app.py',
      'mylib/__init__.py',
      'mylib/sub/x.py',
      'mylib/sub/y.py',
    ]);
    assert.equal(pkg.entries.find((e) => e.path === 'mylib/sub/x.py')!.read().toString(), 'x = 1\n');
    assert.equal(pkg.entries.find((e) => e.path === 'mylib/sub/y.py')!.read().toString(), 'x = 1\n');
    assert.equal(pkg.entries.find((e) => e.path.endsWith('six.py'))!.read().toString(), 'six = 1\n');
    assert.match(pkg.notes.join('\n'), /symlinks leading outside the package \(not followed\): 2 skipped \(leak\.py, up\)/);
  });

  it('applies the same caps as zips', async () => {
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(5000));
    try {
      await assert.rejects(openDirectory(root, 'dir', { ...DEFAULT_LIMITS, maxFileBytes: 4096 }), (err: unknown) => {
        assert.ok(err instanceof ArchiveError);
        assert.equal(err.target, 'dir');
        assert.match(err.message, /package too large: entry big\.bin is 5000 bytes, over the 4096 bytes per-file cap/);
        return true;
      });
      await assert.rejects(openDirectory(root, 'dir', { ...DEFAULT_LIMITS, maxEntries: 3 }), /too many entries/);
    } finally {
      rmSync(join(root, 'big.bin'));
    }
  });

  it('refuses a zip slip inside a nested zip of a directory', async () => {
    const dir = mkdtempSync(join(base, 'slip-'));
    writeFileSync(join(dir, 'deps.zip'), zipSlip());
    await assert.rejects(openDirectory(dir, 'dir'), /zip slip: entry "deps\.zip!\/\.\.\/evil\.py"/);
  });

  it('fails a missing directory with ArchiveError', async () => {
    await assert.rejects(openDirectory(join(base, 'nope'), 'dir'), (err: unknown) => err instanceof ArchiveError && /cannot read directory/.test(err.message));
  });
});
