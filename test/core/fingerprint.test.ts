import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, fingerprintAll, fingerprintOwner } from '../../src/core/fingerprint.js';

const at = (line: number, snippet: string, file = 'app.py') => ({ file, line, column: 1, snippet });

test('a fingerprint ignores line numbers and whitespace, and separates identical lines by occurrence', () => {
  const before = fingerprintAll('AP-01', 'orders-api', [at(3, 'lock = threading.Lock()'), at(9, 'lock = threading.Lock()')]);
  const after = fingerprintAll('AP-01', 'orders-api', [at(13, 'lock  =  threading.Lock()'), at(19, '    lock = threading.Lock()')]);
  assert.deepEqual(after, before, 'shifted and re-indented lines keep their fingerprints');
  assert.notEqual(before[0], before[1], 'identical lines differ by occurrence');
  const reordered = fingerprintAll('AP-01', 'orders-api', [at(9, 'lock = threading.Lock()'), at(3, 'lock = threading.Lock()')]);
  assert.deepEqual(reordered, [before[1], before[0]], 'occurrence follows line order, not input order');
});

test('rule, owner, file and text each change the fingerprint', () => {
  const base = { rule: 'AP-01', owner: 'orders-api', file: 'app.py', lineText: 'threading.Lock()', occurrence: 0 };
  const id = fingerprint(base);
  assert.match(id, /^[0-9a-f]{32}$/);
  for (const change of [{ rule: 'AP-02' }, { owner: 'billing' }, { file: 'lib.py' }, { lineText: 'threading.RLock()' }, { occurrence: 1 }]) {
    assert.notEqual(fingerprint({ ...base, ...change }), id, JSON.stringify(change));
  }
});

test('the owner is the function or layer name, never the ARN, account or region', () => {
  const fn = (account: string, region: string) => ({ id: `arn:aws:lambda:${region}:${account}:function:orders-api`, kind: 'function' as const });
  assert.equal(fingerprintOwner(fn('111111111111', 'us-east-1')), 'orders-api');
  assert.equal(fingerprintOwner(fn('222222222222', 'eu-west-1')), 'orders-api');
  assert.equal(fingerprintOwner({ id: 'x', kind: 'function', functionName: 'named' }), 'named');
  assert.equal(fingerprintOwner({ id: 'arn:aws:lambda:us-east-1:111111111111:layer:org-shared:3', kind: 'layer' }), 'org-shared');
  assert.equal(fingerprintOwner({ id: 'arn:aws:lambda:us-east-1:111111111111:layer:org-shared:4', kind: 'layer' }), 'org-shared');
  assert.equal(fingerprintOwner({ id: '/builds/2026/orders-api.zip', kind: 'archive' }), 'orders-api');
  assert.equal(fingerprintOwner({ id: 'samples/orders-api/', kind: 'directory' }), 'orders-api');
});
