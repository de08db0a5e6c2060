import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Summary, Target } from '../../src/core/types.js';
import { summarize } from '../../src/report/summary.js';

const target = (id: string, status: Target['status']): Target => ({ id, kind: 'function', status, reason: status === 'scanned' ? null : 'why', sourceFiles: 1, bytes: 1, notes: [], parseErrors: [] });

function fleet(accountErrors: number, regionErrors: number): NonNullable<Summary['fleet']> {
  return {
    organization: 'listed',
    accounts: { total: 3, scanned: 3 - accountErrors, skipped: 0, error: accountErrors },
    regions: { total: 6, scanned: 6 - regionErrors, error: regionErrors },
    functions: { total: 4, scanned: 3, skipped: 1, error: 0, otherRuntimes: 0, filtered: 0 },
    layers: { total: 0, scanned: 0, error: 0 },
  };
}

describe('summarize: how complete an audit is', () => {
  const targets = [target('a', 'scanned'), target('b', 'scanned'), target('c', 'scanned'), target('d', 'skipped')];

  it('is complete when every target is scanned or skipped and no account or region failed', () => {
    const s = summarize(targets, [], { interrupted: false, fleet: fleet(0, 0) });
    assert.equal(s.complete, true);
    assert.equal(s.completeness, 1);
  });

  it('a denied region makes the audit incomplete even though every listed target was scanned', () => {
    const s = summarize(targets, [], { interrupted: false, fleet: fleet(0, 1) });
    assert.equal(s.complete, false);
    assert.equal(s.completeness, 4 / 5);
  });

  it('an account in error counts like a region in error', () => {
    const s = summarize(targets, [], { interrupted: false, fleet: fleet(1, 1) });
    assert.equal(s.complete, false);
    assert.equal(s.completeness, 4 / 6);
  });

  it('when ListAccounts failed, accounts may be missing: incomplete', () => {
    const s = summarize(targets, [], { interrupted: false, fleet: { ...fleet(0, 0), organization: 'unavailable' } });
    assert.equal(s.complete, false);
    assert.equal(summarize(targets, [], { interrupted: false, fleet: { ...fleet(0, 0), organization: 'not-in-use' } }).complete, true);
  });

  it('an errored target or an interruption makes it incomplete', () => {
    assert.equal(summarize([...targets, target('e', 'error')], [], { interrupted: false }).complete, false);
    assert.equal(summarize(targets, [], { interrupted: true }).complete, false);
    assert.equal(summarize([...targets, target('e', 'error')], [], { interrupted: false }).completeness, 4 / 5);
  });
});
