import type { AuditEvent } from '../../src/core/events.js';
import { makeTarget } from './fixtures.js';

/** A small fleet run: 2 accounts × 2 regions, 3 functions each region, downloads, a retry and an error. */
export function fleetEvents(): AuditEvent[] {
  const ev: AuditEvent[] = [
    { type: 'start', mode: 'fleet', at: '2025-01-01T00:00:00.000Z' },
    { type: 'phase', phase: 'accounts' },
    { type: 'account', account: '111122223333', name: 'prod', state: 'started', regions: 2 },
    { type: 'account', account: '444455556666', name: 'staging', state: 'started', regions: 2 },
    { type: 'phase', phase: 'regions' },
  ];
  for (const account of ['111122223333', '444455556666']) {
    for (const region of ['eu-west-1', 'us-east-1']) {
      ev.push({ type: 'region', account, region, state: 'started' });
      ev.push({ type: 'region', account, region, state: 'listed', functions: 3 });
    }
  }
  ev.push({ type: 'planned', total: 12 }, { type: 'phase', phase: 'functions' }, { type: 'phase', phase: 'download' });
  ev.push({ type: 'retry', operation: 'GetFunction', reason: 'throttled', attempt: 2, account: '111122223333', region: 'eu-west-1' });
  let n = 0;
  for (const account of ['111122223333', '444455556666']) {
    for (const region of ['eu-west-1', 'us-east-1']) {
      for (let i = 0; i < 3; i++) {
        const id = `arn:aws:lambda:${region}:${account}:function:fn${n++}`;
        ev.push({ type: 'target-start', id, kind: 'function', account, region });
        ev.push({ type: 'download', id, bytes: 524_288, totalBytes: 1_048_576 });
        ev.push({ type: 'download', id, bytes: 1_048_576, totalBytes: 1_048_576 });
        const status = n === 5 ? 'error' : n === 6 ? 'skipped' : 'scanned';
        ev.push({
          type: 'target-done',
          target: makeTarget({ id, account, region, functionName: `fn${n - 1}`, status, reason: status === 'error' ? 'AccessDenied' : null }),
          findings: 1,
          ownOpen: 1,
        });
      }
      ev.push({ type: 'region', account, region, state: 'done', functions: 3 });
    }
    ev.push({ type: 'account', account, name: null, state: 'done' });
  }
  ev.push({ type: 'phase', phase: 'analyse' });
  return ev;
}
