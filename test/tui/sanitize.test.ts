import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorEnabled, fit, fitStart, sanitizeForTerminal, truncate } from '../../src/tui/sanitize.js';

test('sanitizeForTerminal removes CSI, OSC and other escape sequences whole', () => {
  assert.equal(sanitizeForTerminal('a\u001b[31mred\u001b[0mb'), 'aredb');
  assert.equal(sanitizeForTerminal('x\u001b[2J\u001b[1;1Hy'), 'xy');
  assert.equal(sanitizeForTerminal('t\u001b]0;pwned title\u0007u'), 'tu');
  assert.equal(sanitizeForTerminal('t\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\'), 'tlink');
  assert.equal(sanitizeForTerminal('a\u001bPq#0;2;0;0;0\u001b\\b'), 'ab');
  assert.equal(sanitizeForTerminal('a\u001bcb'), 'ab');
  assert.equal(sanitizeForTerminal('a\u009b31mb'), 'ab');
  assert.equal(sanitizeForTerminal('dangling\u001b'), 'dangling');
});

test('sanitizeForTerminal drops carriage return, backspace, bell and other C0/C1 controls', () => {
  assert.equal(sanitizeForTerminal('safe\rEVIL'), 'safeEVIL');
  assert.equal(sanitizeForTerminal('abc\b\b\bxyz'), 'abcxyz');
  assert.equal(sanitizeForTerminal('ding\u0007\u0000\u007f\u0085'), 'ding');
  assert.equal(sanitizeForTerminal('a\tb\nc'), 'a b c');
});

test('sanitizeForTerminal drops BiDi overrides, isolates and zero-width characters', () => {
  const trojan = 'if access_level != "user\u202e \u2066// Check if admin\u2069 \u2066" {';
  const out = sanitizeForTerminal(trojan);
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(out), out);
  assert.equal(out, 'if access_level != "user // Check if admin " {');
  assert.equal(sanitizeForTerminal('a\u200bb\u200fc\ufeffd\u061ce'), 'abcde');
});

test('sanitizeForTerminal keeps ordinary text, including non-ASCII', () => {
  const s = 'lock = threading.Lock()  # größe 日本 ✓';
  assert.equal(sanitizeForTerminal(s), s);
});

test('truncate and fit cut by code points with an ellipsis', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  assert.equal(truncate('abc', 0), '');
  assert.equal(fit('ab', 4), 'ab  ');
  assert.equal(fit('abcdef', 4), 'abc…');
  assert.equal(fitStart('requests/sessions.py:99', 12), '…sions.py:99');
  assert.equal(fitStart('a.py:1', 8), 'a.py:1  ');
});

test('colorEnabled follows TTY and NO_COLOR', () => {
  assert.equal(colorEnabled({ isTTY: true }, {}), true);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled({ isTTY: true }, { NO_COLOR: '' }), true);
  assert.equal(colorEnabled({ isTTY: false }, {}), false);
  assert.equal(colorEnabled({}, {}), false);
});
