import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePython, mightContainFinding } from '../../src/analysis/index.js';
import { literalValue } from '../../src/analysis/source.js';
import { loadFixtures, withoutExpectations } from './fixtures.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('mightContainFinding', () => {
  it('rules out files without any token', () => {
    assert.equal(mightContainFinding(b('import os\nimport json\n\ndef handler(e, c):\n    return json.dumps(e)\n')), false);
    assert.equal(mightContainFinding(new Uint8Array(0)), false);
    assert.equal(mightContainFinding(b('import asyncio\nlock = asyncio.Lock()\n')), false);
  });

  it('keeps every detection form', () => {
    for (const src of [
      'import threading',
      'import _thread',
      'import queue',
      'from concurrent.futures import ThreadPoolExecutor',
      'from multiprocessing.pool import ThreadPool',
      'from multiprocessing import dummy',
      'import multiprocessing.dummy as m',
      'importlib.import_module("json")',
      '__import__("x")',
    ]) {
      assert.equal(mightContainFinding(b(src)), true, src);
    }
  });

  it('works on a view into a larger buffer', () => {
    const big = b('xxxxthreadingxxxx');
    assert.equal(mightContainFinding(big.subarray(4, 13)), true);
    assert.equal(mightContainFinding(big.subarray(0, 4)), false);
  });

  it('NFKC: a full-width identifier with no ASCII token is kept', () => {
    assert.equal(mightContainFinding(b('import \uff54\uff48\uff52\uff45\uff41\uff44\uff49\uff4e\uff47\n')), true);
    assert.equal(mightContainFinding(b('# caf\u00e9\nimport os\n')), false);
  });

  it('property: every fixture with an expectation passes, even with its expect comments removed', () => {
    const withExpectations = loadFixtures().filter((f) => f.expected.length > 0);
    assert.ok(withExpectations.length > 10);
    for (const f of withExpectations) assert.equal(mightContainFinding(withoutExpectations(f.bytes)), true, f.name);
  });
});

describe('decodePython', () => {
  it('UTF-8 by default, BOM stripped', () => {
    assert.deepEqual(decodePython(b('x = "é"\n')), { text: 'x = "é"\n', encoding: 'utf-8' });
    assert.deepEqual(decodePython(Buffer.from([0xef, 0xbb, 0xbf, 0x78])), { text: 'x', encoding: 'utf-8-sig' });
  });

  it('coding cookie on line 1 or 2', () => {
    const latin = Buffer.concat([b('# -*- coding: latin-1 -*-\nx = "'), Buffer.from([0xe9, 0x80]), b('"\n')]);
    assert.deepEqual(decodePython(latin), { text: '# -*- coding: latin-1 -*-\nx = "é\u0080"\n', encoding: 'latin-1' });
    const cp = Buffer.concat([b('#!/usr/bin/python\n# coding=cp1252\n'), Buffer.from([0x80])]);
    assert.deepEqual(decodePython(cp), { text: '#!/usr/bin/python\n# coding=cp1252\n€', encoding: 'windows-1252' });
    // Line 2 counts only when line 1 is a comment.
    assert.equal(decodePython(b('x = 1\n# coding: latin-1\n')).encoding, 'utf-8');
  });

  it('unknown cookie and invalid UTF-8 do not throw', () => {
    assert.equal(decodePython(b('# coding: nope-42\n')).encoding, 'utf-8 (unknown cookie nope-42)');
    assert.equal(decodePython(Buffer.from([0x61, 0xff, 0x62])).text, 'a\ufffdb');
  });
});

describe('literalValue', () => {
  it('evaluates escapes, raw strings and plain f-strings; refuses bytes and fields', () => {
    assert.equal(literalValue('"\\x71ueue"'), 'queue');
    assert.equal(literalValue("'\\u0074hreading'"), 'threading');
    assert.equal(literalValue("r'\\x71'"), '\\x71');
    assert.equal(literalValue('"""_thread"""'), '_thread');
    assert.equal(literalValue('f"queue"'), 'queue');
    assert.equal(literalValue('f"{name}"'), null);
    assert.equal(literalValue('b"queue"'), null);
    assert.equal(literalValue('"\\N{DIGIT ONE}"'), null);
  });
});
