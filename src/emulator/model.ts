/** Look-ups over the organisation model. The model is read live, so tests may change it between calls. */
import { createHash } from 'node:crypto';
import AdmZip from 'adm-zip';
import type { EmuAccount, EmuFunction, EmuLayerVersion, EmuOrganization, EmuRegion } from './types.js';

/** The smallest valid zip: an end-of-central-directory record alone. */
export const EMPTY_ZIP: Buffer = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

const shaCache = new WeakMap<Buffer, string>();

/** Lambda's CodeSha256: base64 of the SHA-256 of the package, computed once per buffer. */
export function codeSha256(zip: Buffer): string {
  let sha = shaCache.get(zip);
  if (sha === undefined) {
    sha = createHash('sha256').update(zip).digest('base64');
    shaCache.set(zip, sha);
  }
  return sha;
}

/** Builds a deployment package from `{ 'path/in/zip.py': contents }`. */
export function zipOf(files: Record<string, string | Buffer>): Buffer {
  const zip = new AdmZip();
  for (const [path, body] of Object.entries(files)) zip.addFile(path, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return zip.toBuffer();
}

export interface LayerRef {
  arn: string;
  account: string;
  region: string;
  name: string;
  version: number;
}

const LAYER_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]+):(\d+)$/;

export function parseLayerArn(arn: string): LayerRef | null {
  const m = LAYER_ARN.exec(arn);
  if (!m) return null;
  return { arn, region: m[1]!, account: m[2]!, name: m[3]!, version: Number(m[4]) };
}

export function functionArn(account: string, region: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/** The accounts ListAccounts reports: the management account is always one of them. */
export function listedAccounts(org: EmuOrganization): EmuAccount[] {
  if (org.accounts.some((a) => a.id === org.managementAccountId)) return org.accounts;
  return [{ id: org.managementAccountId, name: 'management', regions: {} }, ...org.accounts];
}

export function findAccount(org: EmuOrganization, id: string): EmuAccount | undefined {
  return listedAccounts(org).find((a) => a.id === id);
}

export function regionOf(org: EmuOrganization, account: string, region: string): EmuRegion | undefined {
  return findAccount(org, account)?.regions[region];
}

export function findFunction(org: EmuOrganization, account: string, region: string, name: string): EmuFunction | undefined {
  return regionOf(org, account, region)?.functions.find((f) => f.name === name);
}

export function findLayer(org: EmuOrganization, arn: string): EmuLayerVersion | undefined {
  const ref = parseLayerArn(arn);
  if (!ref) return undefined;
  return regionOf(org, ref.account, ref.region)?.layers?.find((l) => l.arn === arn);
}

/** Fails fast on models that would make the emulator answer nonsense. */
export function validateOrganization(org: EmuOrganization): void {
  const ids = new Set<string>();
  if (!/^\d{12}$/.test(org.managementAccountId)) throw new Error(`emulator: management account id must be 12 digits: ${org.managementAccountId}`);
  for (const a of org.accounts) {
    if (!/^\d{12}$/.test(a.id)) throw new Error(`emulator: account id must be 12 digits: ${a.id}`);
    if (ids.has(a.id)) throw new Error(`emulator: duplicate account ${a.id}`);
    ids.add(a.id);
    for (const [region, r] of Object.entries(a.regions)) {
      const names = new Set<string>();
      for (const f of r.functions) {
        if (names.has(f.name)) throw new Error(`emulator: duplicate function ${f.name} in ${a.id}/${region}`);
        names.add(f.name);
      }
      for (const l of r.layers ?? []) {
        const ref = parseLayerArn(l.arn);
        if (!ref || ref.account !== a.id || ref.region !== region) {
          throw new Error(`emulator: layer ${l.arn} must be arn:aws:lambda:${region}:${a.id}:layer:NAME:VERSION`);
        }
      }
    }
  }
  if (org.accountsPageSize !== undefined && !(Number.isInteger(org.accountsPageSize) && org.accountsPageSize > 0)) {
    throw new Error(`emulator: accountsPageSize must be a positive integer`);
  }
}
