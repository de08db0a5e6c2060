/** Pure decisions of the fleet audit: which accounts, which functions become targets, the fleet tallies. */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import picomatch from 'picomatch';
import type { Summary, Target } from '../core/types.js';

export interface OrgAccount {
  id: string;
  name: string | null;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE … */
  status: string;
}

export type AccountState = 'audit' | 'skipped' | 'error';

export interface PlannedAccount {
  id: string;
  name: string | null;
  state: AccountState;
  /** Why skipped or failed. */
  reason: string | null;
}

export interface AccountSelection {
  accounts: 'all' | readonly string[];
  excludeAccounts: readonly string[];
  /** The starting principal's account. */
  caller: string;
  /** Organizations' account list, or null when Organizations could not be read. */
  org: readonly OrgAccount[] | null;
}

/**
 * `all` → every organisation account (only ACTIVE ones audited), or only the caller's own account
 * when Organizations is unavailable; a list → those accounts (checked against the organisation when known).
 */
export function planAccounts(sel: AccountSelection): PlannedAccount[] {
  const excluded = new Set(sel.excludeAccounts);
  const byId = new Map((sel.org ?? []).map((a) => [a.id, a]));
  const ids = sel.accounts === 'all' ? (sel.org ? sel.org.map((a) => a.id) : [sel.caller]) : sel.accounts;
  const out: PlannedAccount[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (excluded.has(id) || seen.has(id)) continue;
    seen.add(id);
    const known = byId.get(id);
    if (sel.org === null) out.push({ id, name: null, state: 'audit', reason: null });
    else if (!known) out.push({ id, name: null, state: 'error', reason: 'account is not a member of the organization' });
    else if (known.status !== 'ACTIVE') out.push({ id, name: known.name, state: 'skipped', reason: `account status is ${known.status}` });
    else out.push({ id, name: known.name, state: 'audit', reason: null });
  }
  return out;
}

export interface LayerArnParts {
  region: string;
  account: string;
  name: string;
  version: string;
}

/** arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION (any partition). */
export function parseLayerArn(arn: string): LayerArnParts | null {
  const m = /^arn:[a-z-]+:lambda:([a-z0-9-]+):(\d{12}):layer:([A-Za-z0-9_-]+):(\d+)$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]!, version: m[4]! } : null;
}

export type FunctionDisposition =
  | { kind: 'target'; target: Target }
  | { kind: 'image'; target: Target }
  | { kind: 'other-runtime' }
  | { kind: 'filtered' };

export const IMAGE_REASON = 'container image: GetFunction returns no code for image functions';

export interface FunctionContext {
  account: string;
  accountName: string | null;
  region: string;
  /** picomatch matcher of config.functionFilter. */
  matches: (name: string) => boolean;
}

export function functionMatcher(glob: string): (name: string) => boolean {
  return picomatch(glob, { dot: true });
}

/** Filter first (non-matching functions are only counted), then image → skipped target, python* → target, else counted. */
export function classifyFunction(fn: FunctionConfiguration, ctx: FunctionContext): FunctionDisposition {
  const name = fn.FunctionName ?? '';
  if (!ctx.matches(name)) return { kind: 'filtered' };
  const image = fn.PackageType === 'Image';
  if (!image && !(fn.Runtime ?? '').startsWith('python')) return { kind: 'other-runtime' };
  const target: Target = {
    id: fn.FunctionArn ?? `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${name}`,
    kind: 'function',
    status: image ? 'skipped' : 'scanned',
    reason: image ? IMAGE_REASON : null,
    sourceFiles: 0,
    bytes: 0,
    notes: [],
    parseErrors: [],
    account: ctx.account,
    ...(ctx.accountName !== null ? { accountName: ctx.accountName } : {}),
    region: ctx.region,
    functionName: name,
    ...(fn.Runtime ? { runtime: fn.Runtime } : {}),
    ...(fn.Handler ? { handler: fn.Handler } : {}),
    ...(fn.CodeSha256 ? { codeSha256: fn.CodeSha256 } : {}),
    ...(fn.CodeSize !== undefined ? { codeSize: fn.CodeSize } : {}),
    ...(fn.LastModified ? { lastModified: fn.LastModified } : {}),
    packageType: fn.PackageType ?? 'Zip',
    layers: (fn.Layers ?? []).flatMap((l) => (l.Arn ? [l.Arn] : [])),
  };
  return { kind: image ? 'image' : 'target', target };
}

export interface FleetTally {
  organization: NonNullable<Summary['fleet']>['organization'];
  accounts: readonly { state: 'scanned' | 'skipped' | 'error' }[];
  regions: readonly { state: 'scanned' | 'error' }[];
  /** Every function ListFunctions returned, of every runtime, matching the filter or not. */
  functionsListed: number;
  otherRuntimes: number;
  targets: readonly Target[];
}

/**
 * functions.total counts every listed function; scanned/skipped/error are the function targets;
 * the functions left out by functionFilter are total − (scanned + skipped + error) − otherRuntimes.
 * Layers that never ran (interrupted) appear in total only.
 */
export function fleetCounts(t: FleetTally): NonNullable<Summary['fleet']> {
  const accounts = { total: t.accounts.length, scanned: 0, skipped: 0, error: 0 };
  for (const a of t.accounts) accounts[a.state]++;
  const regions = { total: t.regions.length, scanned: 0, error: 0 };
  for (const r of t.regions) regions[r.state]++;
  const functions = { total: t.functionsListed, scanned: 0, skipped: 0, error: 0, otherRuntimes: t.otherRuntimes, filtered: 0 };
  const layers = { total: 0, scanned: 0, error: 0 };
  for (const target of t.targets) {
    if (target.kind === 'function') functions[target.status]++;
    else if (target.kind === 'layer') {
      layers.total++;
      if (target.status !== 'skipped') layers[target.status]++;
    }
  }
  functions.filtered = functions.total - functions.scanned - functions.skipped - functions.error - functions.otherRuntimes;
  return { organization: t.organization, accounts, regions, functions, layers };
}

/** How many listed functions functionFilter left out (see fleetCounts). */
export function filteredOut(fleet: NonNullable<Summary['fleet']>): number {
  return fleet.functions.filtered;
}
