import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import AdmZip from 'adm-zip';
import type { EmuAccount, EmuFunction, EmuLayerVersion, EmuOrganization } from '../emulator/index.js';
import { packageRoot } from '../core/tool.js';

/** Fixed entry time so demo packages (and their CodeSha256) are the same on every machine. */
const ENTRY_TIME = new Date('2026-01-01T00:00:00Z');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** Zips a folder of samples/ in memory, optionally with extra entries (e.g. a nested .requirements.zip). */
export function zipSample(name: string, extra: Record<string, Buffer> = {}): Buffer {
  const root = join(packageRoot(), 'samples', name);
  const zip = new AdmZip();
  for (const file of listFiles(root)) {
    zip.addFile(relative(root, file).split(sep).join('/'), readFileSync(file));
  }
  for (const [path, data] of Object.entries(extra)) zip.addFile(path, data);
  for (const entry of zip.getEntries()) entry.header.time = ENTRY_TIME;
  return zip.toBuffer();
}

export const DEMO_MANAGEMENT_ACCOUNT = '999999999999';
export const DEMO_REGIONS = ['us-east-1', 'eu-west-1'] as const;
export const DEMO_DENIED_REGION = { account: '222222222222', region: 'eu-west-1' } as const;

interface Packages {
  orders: Buffer;
  clean: Buffer;
  legacy: Buffer;
  py2: Buffer;
  reports: Buffer;
  layer: Buffer;
}

function buildPackages(): Packages {
  const orders = zipSample('orders-api');
  // serverless-python-requirements ships dependencies as a nested .requirements.zip.
  const reports = zipSample('clean-worker', { '.requirements.zip': zipSample('orders-api') });
  return {
    orders,
    clean: zipSample('clean-worker'),
    legacy: zipSample('legacy-billing'),
    py2: zipSample('py2-importer'),
    reports,
    layer: zipSample('shared-layer'),
  };
}

const layerArn = (account: string, region: string, version: number): string =>
  `arn:aws:lambda:${region}:${account}:layer:org-shared:${version}`;

function slot(pkgs: Packages, account: string, region: string, env: string, layer: string): EmuFunction[] {
  const fns: EmuFunction[] = [
    { name: `orders-api-${env}`, runtime: 'python3.12', handler: 'app.lambda_handler', zip: pkgs.orders, layers: [layer] },
    { name: `orders-api-canary-${env}`, runtime: 'python3.12', handler: 'app.lambda_handler', zip: pkgs.orders },
    { name: `sqs-worker-${env}`, runtime: 'python3.13', handler: 'handler.handler', zip: pkgs.clean, layers: [layer] },
    { name: `billing-legacy-${env}`, runtime: 'python3.9', handler: 'lambda_function.lambda_handler', zip: pkgs.legacy },
    { name: `report-builder-${env}`, runtime: 'python3.11', handler: 'handler.handler', zip: pkgs.reports, layers: [layer] },
    { name: `importer-py2-${env}`, runtime: 'python3.8', handler: 'importer.handler', zip: pkgs.py2 },
  ];
  if (account === '111111111111' && region === 'us-east-1') {
    fns.push({ name: 'image-resizer', runtime: '', packageType: 'Image' });
    fns.push({ name: 'web-frontend-ssr', runtime: 'nodejs20.x', handler: 'index.handler', zip: pkgs.clean });
  }
  return fns;
}

/** 3 active accounts × 2 regions (about 40 functions), shared layers and shared code, an image and a nodejs function, a suspended account and a denied region. */
export function demoOrganization(): EmuOrganization {
  const pkgs = buildPackages();
  const active: Array<[string, string, string]> = [
    ['111111111111', 'payments-prod', 'prod'],
    ['222222222222', 'data-platform', 'data'],
    ['333333333333', 'sandbox', 'dev'],
  ];
  const accounts: EmuAccount[] = active.map(([id, name, env]) => {
    const regions: EmuAccount['regions'] = {};
    for (const region of DEMO_REGIONS) {
      const layers: EmuLayerVersion[] = id === '111111111111' ? [{ arn: layerArn(id, region, 3), zip: pkgs.layer }] : [];
      regions[region] = { functions: slot(pkgs, id, region, env, layerArn('111111111111', region, 3)), layers };
    }
    return { id, name, status: 'ACTIVE', regions };
  });
  accounts.push({ id: '444444444444', name: 'legacy-closed', status: 'SUSPENDED', regions: {} });
  accounts.push({ id: DEMO_MANAGEMENT_ACCOUNT, name: 'org-management', status: 'ACTIVE', regions: { 'us-east-1': { functions: [] }, 'eu-west-1': { functions: [] } } });
  return { managementAccountId: DEMO_MANAGEMENT_ACCOUNT, accounts };
}
