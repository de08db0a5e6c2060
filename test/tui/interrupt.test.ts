import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { installInterruptHandler } from '../../src/tui/interrupt.js';

test('first SIGINT calls onFirst, second exits with 130; uninstall removes the listener', () => {
  const signals = new EventEmitter();
  const exits: number[] = [];
  let first = 0;
  const uninstall = installInterruptHandler(() => first++, { signals, exit: (c) => void exits.push(c) });
  assert.equal(signals.listenerCount('SIGINT'), 1);
  signals.emit('SIGINT');
  assert.equal(first, 1);
  assert.deepEqual(exits, []);
  signals.emit('SIGINT');
  assert.equal(first, 1);
  assert.deepEqual(exits, [130]);
  uninstall();
  assert.equal(signals.listenerCount('SIGINT'), 0);
});

test('real process: two SIGINTs → onFirst ran once, exit code 130', async () => {
  const mod = fileURLToPath(new URL('../../src/tui/interrupt.ts', import.meta.url));
  const script = `
    const { installInterruptHandler } = await import(${JSON.stringify(mod)});
    installInterruptHandler(() => { process.stdout.write('first\\n'); setTimeout(() => process.kill(process.pid, 'SIGINT'), 50); });
    setInterval(() => {}, 1000);
    process.stdout.write('ready\\n');
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out === 'ready\n') child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.equal(out, 'ready\nfirst\n');
  assert.equal(code, 130);
});
