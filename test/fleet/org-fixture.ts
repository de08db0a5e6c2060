/** Shared fixture of the fleet tests: a small organisation of Python functions, and a run helper against the emulator. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type AuditConfig, type ConfigInput } from '../../src/config/index.js';
import type { AuditEvent } from '../../src/core/events.js';
import type { Report } from '../../src/core/types.js';
import { startEmulator, type Emulator, type EmuOrganization, type Faults } from '../../src/emulator/index.js';
import { runFleetAudit } from '../../src/scan/fleet-audit.js';
import { buildZip } from '../helpers/zip.js';

export const MGMT = '111111111111';
export const PROD = '222222222222';
export const DEV = '333333333333';
export const SUSPENDED = '444444444444';
export const LAYER_ARN = `arn:aws:lambda:us-east-1:${PROD}:layer:shared-helpers:3`;

const HANDLER = 'app.handler';

export const zips = {
  lock: buildZip({ 'app.py': 'import threading\n\nLOCK = threading.Lock()\n\ndef handler(event, context):\n    with LOCK:\n        return 1\n' }),
  clean: buildZip({ 'app.py': 'import json\n\ndef handler(event, context):\n    return json.dumps(event)\n' }),
  pool: buildZip({
    'app.py': 'from concurrent.futures import ThreadPoolExecutor\n\ndef handler(event, context):\n    with ThreadPoolExecutor(4) as ex:\n        return list(ex.map(str, event))\n',
  }),
  vendored: buildZip({
    'app.py': 'from vendor import lib\n\ndef handler(event, context):\n    return lib.go()\n',
    'vendor/__init__.py': '',
    'vendor/lib.py': 'import threading\n\ndef go():\n    t = threading.Thread(target=print)\n    t.start()\n    return t\n',
  }),
  layer: buildZip({
    'python/lib/python3.12/site-packages/helpers/__init__.py': 'import threading\n\n_lock = threading.RLock()\n',
  }),
};

/**
 * management: one clean function; prod: threading in eu-west-1 (+ node, image, vendored) and two
 * functions on a shared layer in us-east-1; dev: a copy of prod's lock package (same CodeSha256)
 * and the shared layer across accounts; one suspended account.
 */
export function organization(): EmuOrganization {
  return {
    managementAccountId: MGMT,
    accountsPageSize: 2,
    accounts: [
      { id: MGMT, name: 'management', regions: { 'us-east-1': { functions: [{ name: 'mgmt-clean', runtime: 'python3.12', handler: HANDLER, zip: zips.clean }] } } },
      {
        id: PROD,
        name: 'prod',
        regions: {
          'eu-west-1': {
            functions: [
              { name: 'prod-lock', runtime: 'python3.12', handler: HANDLER, zip: zips.lock },
              { name: 'prod-vendored', runtime: 'python3.11', handler: HANDLER, zip: zips.vendored },
              { name: 'prod-node', runtime: 'nodejs20.x', handler: 'index.handler' },
              { name: 'prod-image', runtime: '', packageType: 'Image' },
            ],
          },
          'us-east-1': {
            functions: [
              { name: 'prod-layered-a', runtime: 'python3.12', handler: HANDLER, zip: zips.clean, layers: [LAYER_ARN] },
              { name: 'prod-layered-b', runtime: 'python3.12', handler: HANDLER, zip: zips.pool, layers: [LAYER_ARN] },
            ],
            layers: [{ arn: LAYER_ARN, zip: zips.layer }],
          },
        },
      },
      {
        id: DEV,
        name: 'dev',
        regions: {
          'eu-west-1': {
            functions: [
              { name: 'dev-lock-copy', runtime: 'python3.12', handler: HANDLER, zip: zips.lock },
              { name: 'dev-layered', runtime: 'python3.13', handler: HANDLER, zip: zips.clean, layers: [LAYER_ARN] },
            ],
          },
        },
      },
      { id: SUSPENDED, name: 'old', status: 'SUSPENDED', regions: { 'eu-west-1': { functions: [{ name: 'gone', runtime: 'python3.9', zip: zips.lock }] } } },
    ],
  };
}

export function testConfig(cacheDir: string, over: Partial<ConfigInput> = {}): AuditConfig {
  return parseConfig({ cacheDir, vendoredPaths: ['vendor/**'], ...over }, 'test');
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Points the SDK default chain at the emulator's management principal. */
export function useEmulatorCredentials(emu: Emulator): void {
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ACCESS_KEY_ID = emu.managementCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = emu.managementCredentials.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
}

export interface Run {
  report: Report;
  events: AuditEvent[];
}

export async function audit(emu: Emulator, config: AuditConfig, opts: { signal?: AbortSignal; onEvent?: (e: AuditEvent) => void } = {}): Promise<Run> {
  const events: AuditEvent[] = [];
  const report = await runFleetAudit({ config, endpoint: emu.url, signal: opts.signal }, (e) => {
    events.push(e);
    opts.onEvent?.(e);
  });
  return { report, events };
}

export async function withEmulator<T>(org: EmuOrganization, faults: Faults, fn: (emu: Emulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator(org, faults);
  useEmulatorCredentials(emu);
  try {
    return await fn(emu);
  } finally {
    await emu.stop();
  }
}

export function target(report: Report, name: string) {
  const t = report.targets.find((x) => x.functionName === name);
  if (!t) throw new Error(`no target for ${name}`);
  return t;
}

/** No presigned URL, emulator endpoint, signing parameter or secret in the report or the events. */
export function assertNoSecrets(emu: Emulator, run: Run): void {
  const text = JSON.stringify(run.report) + '\n' + JSON.stringify(run.events);
  const forbidden = [emu.url, '127.0.0.1:', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'FwoGZXIvYXdzEMU', emu.managementCredentials.secretAccessKey, emu.managementCredentials.accessKeyId];
  for (const s of forbidden) if (text.includes(s)) throw new Error(`report/events contain ${JSON.stringify(s)}`);
}
