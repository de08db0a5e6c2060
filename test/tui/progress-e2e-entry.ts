/**
 * Launcher for the tmux progress test: a simulated fleet scan (20 accounts × 3 regions × 100 functions)
 * feeding startProgressUi, with installInterruptHandler wired the way the CLI does it.
 * `node --import tsx test/tui/progress-e2e-entry.ts [eventsPerTick]`
 */
import { installInterruptHandler } from '../../src/tui/interrupt.js';
import { startProgressUi } from '../../src/tui/progress.js';
import { makeTarget } from './fixtures.js';

const perTick = Number(process.argv[2] ?? '40');
const ui = startProgressUi({ stdout: process.stdout, mode: 'fleet' });
let stop = false;
const uninstall = installInterruptHandler(() => {
  stop = true;
  ui.sink({ type: 'interrupted' });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
ui.sink({ type: 'start', mode: 'fleet', at: new Date().toISOString() });
ui.sink({ type: 'phase', phase: 'accounts' });
const accounts = Array.from({ length: 20 }, (_, i) => String(100000000000 + i));
for (const a of accounts) ui.sink({ type: 'account', account: a, name: `team-${a.slice(-2)}`, state: 'started', regions: 3 });
ui.sink({ type: 'phase', phase: 'download' });
ui.sink({ type: 'planned', total: accounts.length * 300 });
let n = 0;
outer: for (const a of accounts) {
  for (const region of ['eu-west-1', 'us-east-1', 'ap-south-1']) {
    ui.sink({ type: 'region', account: a, region, state: 'listed', functions: 100 });
    for (let i = 0; i < 100; i++) {
      if (stop) break outer;
      const id = `arn:aws:lambda:${region}:${a}:function:f${i}`;
      ui.sink({ type: 'download', id, bytes: 200_000, totalBytes: 200_000 });
      if (i === 50) ui.sink({ type: 'retry', operation: 'GetFunction', reason: 'throttled', attempt: 1, account: a, region });
      ui.sink({ type: 'target-done', target: makeTarget({ id, account: a, region, functionName: `f${i}` }), findings: 0, ownOpen: 0 });
      if (++n % perTick === 0) await sleep(10);
    }
    ui.sink({ type: 'region', account: a, region, state: 'done', functions: 100 });
  }
  ui.sink({ type: 'account', account: a, name: null, state: 'done' });
}
await ui.finish();
uninstall();
const { events, publishes, renders } = ui.stats();
process.stdout.write(`${stop ? 'INTERRUPTED' : 'FINISHED'} events=${events} publishes=${publishes} renders=${renders}\n`);
