import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnalyzer, type PythonAnalyzer } from '../../src/analysis/index.js';
import type { FileAnalysis, FileFinding } from '../../src/core/types.js';
import { actualKeys, loadFixtures } from './fixtures.js';

const fixtures = loadFixtures();
let analyzer: PythonAnalyzer;
const results = new Map<string, FileAnalysis>();

before(async () => {
  analyzer = await createAnalyzer();
  for (const f of fixtures) results.set(f.name, analyzer.analyze(f.name, f.bytes));
});
after(() => analyzer.dispose());

function result(name: string): FileAnalysis {
  const r = results.get(name);
  assert.ok(r, `no result for ${name}`);
  return r;
}

function findingAt(name: string, line: number, primitive?: string): FileFinding {
  const f = result(name).findings.find((x) => x.line === line && (primitive === undefined || x.primitive === primitive));
  assert.ok(f, `${name}:${line}: no finding${primitive ? ` for ${primitive}` : ''}`);
  return f;
}

describe('AP-01 fixtures (RuleTester style)', () => {
  it('has fixtures', () => assert.ok(fixtures.length >= 15));
  for (const f of fixtures) {
    it(`${f.name}: exactly the expected (line, kind, primitive) set`, () => {
      assert.deepEqual(actualKeys(result(f.name), f.expected), f.expected);
    });
  }
  it('files without expectations produce nothing', () => {
    for (const f of fixtures.filter((x) => x.expected.length === 0)) assert.deepEqual(result(f.name).findings, [], f.name);
    assert.ok(fixtures.some((x) => x.expected.length === 0));
  });
});

describe('finding fields', () => {
  it('scope and function name', () => {
    const at = (line: number) => findingAt('nested.py', line);
    assert.deepEqual([at(5).function, at(5).scope], ['handler', 'function']);
    assert.deepEqual([at(9).function, at(9).scope], ['handler.inner', 'function']);
    assert.deepEqual([at(17).function, at(17).scope], ['Service', 'module']);
    assert.deepEqual([at(21).function, at(21).scope], ['Service.start', 'function']);
    assert.deepEqual([at(26).function, at(26).scope], ['Service.Inner.run', 'function']);
    assert.deepEqual([at(34).function, at(34).scope], ['<lambda>', 'function']);
    const top = findingAt('calls.py', 14);
    assert.deepEqual([top.function, top.scope], ['<module>', 'module']);
  });

  it('1-based line and column, trimmed snippet', () => {
    const f = findingAt('nested.py', 21);
    assert.equal(f.column, 21);
    assert.equal(f.snippet, 'self.lock = th.Lock()  # expect: call threading.Lock');
    const multi = findingAt('calls.py', 35, 'threading.Thread');
    assert.equal(multi.column, 10);
    assert.equal(multi.snippet, 'worker = threading.Thread(  # expect: call threading.Thread');
  });

  it('snippet is at most 200 characters', () => {
    for (const r of results.values()) for (const f of r.findings) assert.ok(f.snippet.length <= 200 && f.snippet === f.snippet.trim());
  });

  it('suppression and tech-debt statuses with reasons', () => {
    const s = (line: number) => {
      const f = findingAt('suppress.py', line);
      return [f.status, f.reason];
    };
    assert.deepEqual(s(1), ['suppressed', 'kept for the local dev server']);
    assert.deepEqual(s(4), ['suppressed', 'vendored shim, removed in Q3']);
    assert.deepEqual(s(6), ['suppressed', null]);
    assert.deepEqual(s(9), ['acknowledged', 'legacy batch fan-out, migrate to asyncio.gather']);
    assert.deepEqual(s(16), ['acknowledged', 'uses threading (ineffective in Lambda)']);
    assert.deepEqual(s(17), ['acknowledged', 'Timer kept until v2']);
    assert.deepEqual(s(18), ['open', null]);
    assert.deepEqual(s(19), ['open', null]);
    assert.deepEqual(s(25), ['open', null]);
  });

  it('unmarked findings are open with no reason', () => {
    for (const f of result('calls.py').findings) assert.deepEqual([f.status, f.reason], ['open', null]);
  });
});

describe('decoding and parse problems', () => {
  it('latin-1 cookie: decoded with the cookie, column counted in characters', () => {
    const r = result('latin1_cookie.py');
    assert.equal(r.encoding, 'latin-1');
    const f = findingAt('latin1_cookie.py', 4);
    assert.equal(f.column, 24);
    assert.ok(f.snippet.startsWith('nom = "café";'));
  });

  it('UTF-8 BOM is stripped', () => {
    const r = result('bom_utf8.py');
    assert.equal(r.encoding, 'utf-8-sig');
    assert.equal(findingAt('bom_utf8.py', 1).column, 8);
  });

  it('unknown cookie falls back to UTF-8 with a note; invalid UTF-8 does not throw', () => {
    assert.equal(result('unknown_cookie.py').encoding, 'utf-8 (unknown cookie klingon)');
    assert.equal(result('invalid_utf8.py').encoding, 'utf-8');
    assert.equal(result('invalid_utf8.py').findings.length, 2);
  });

  it('Python 2 file: parse error recorded, still scanned', () => {
    const r = result('python2.py');
    assert.deepEqual(r.parseError, { line: 3, message: 'Python 2 syntax: print statement' });
    assert.equal(r.parsed, true);
    assert.equal(r.findings.length, 2);
  });

  it('stray syntax error: first error line recorded, rest of the file scanned', () => {
    const r = result('syntax_error.py');
    assert.equal(r.parseError?.line, 3);
    assert.match(r.parseError?.message ?? '', /syntax error/);
    assert.equal(results.get('calls.py')?.parseError, null);
  });

  it('pre-filtered files are not parsed and have no findings', () => {
    const r = analyzer.analyze('plain.py', Buffer.from('import os\n\ndef handler(event, context):\n    return os.getcwd()\n'));
    assert.deepEqual(r, { findings: [], parseError: null, encoding: 'utf-8', parsed: false });
    assert.equal(result('never_text.py').parsed, true);
  });
});
