/**
 * `lambda-audit scan`: enumerate accounts → regions → functions, then fetch and analyse each package
 * once (cache, shared CodeSha256, shared layers) and attribute the findings to every target using it.
 * Enumeration and downloads overlap: a region's functions are scheduled as soon as it is listed.
 */
import { GetFunctionCommand, GetLayerVersionByArnCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { DEFAULT_LIMITS, type ArchiveLimits } from '../archive/index.js';
import { createAnalysisPool, type AnalysisPool } from '../analysis/pool.js';
import { analysisKey, openCache } from '../cache/index.js';
import type { AuditConfig } from '../config/index.js';
import { AccessError, FetchError } from '../core/errors.js';
import type { EventSink, Phase } from '../core/events.js';
import { TOOL } from '../core/tool.js';
import type { Finding, Report, ReportError, Target, AccountRecord, Summary } from '../core/types.js';
import { PackageRunner, type PackageOutcome } from '../fetch/packages.js';
import { Redactor } from '../fetch/redact.js';
import { AwsShell, type RetryNotice } from '../fleet/aws.js';
import { classifyAwsError } from '../fleet/classify.js';
import { callerAccount, listFunctions, listOrgAccounts, listRegions } from '../fleet/enumerate.js';
import { classifyFunction, fleetCounts, functionMatcher, parseLayerArn, planAccounts, type OrgAccount, type PlannedAccount } from '../fleet/plan.js';
import { RateLimiter } from '../fleet/rate-limit.js';
import { summarize } from '../report/summary.js';
import { toFindings } from './analyze-package.js';

export interface FleetAuditOptions {
  /** Already merged with flags. */
  config: AuditConfig;
  /** Else AWS_ENDPOINT_URL from the environment, via the SDK. */
  endpoint?: string;
  signal?: AbortSignal;
  now?: () => Date;
}

export const INTERRUPTED_REASON = 'audit interrupted';
const PHASES: readonly Phase[] = ['accounts', 'regions', 'functions', 'download', 'analyse', 'report'];
/** Regions of one account listed at the same time (each has its own rate buckets). */
const REGIONS_IN_PARALLEL = 4;

interface AccountCtx {
  id: string;
  name: string | null;
  credentials: AwsCredentialIdentityProvider;
}

export async function runFleetAudit(opts: FleetAuditOptions, outerSink: EventSink): Promise<Report> {
  const cfg = opts.config;
  // Terminal account events become the report's account list, so skipped accounts are listed with their reason.
  const accountRecords = new Map<string, AccountRecord>();
  const sink: EventSink = (event) => {
    if (event.type === 'account' && event.state !== 'started') {
      const status = event.state === 'done' ? 'scanned' : event.state;
      accountRecords.set(event.account, { id: event.account, name: event.name, status, reason: event.reason ?? null });
    }
    outerSink(event);
  };
  // One internal signal, linked once to the caller's: every in-flight call listens to it, more than
  // EventTarget's default of 10 listeners, and the caller's signal stays untouched.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forwardAbort = (): void => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) forwardAbort();
  else opts.signal?.addEventListener('abort', forwardAbort, { once: true });
  const signal = opts.signal ? controller.signal : undefined;
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  sink({ type: 'start', mode: 'fleet', at: startedAt });

  let phaseIndex = -1;
  const enterPhase = (phase: Phase): void => {
    const i = PHASES.indexOf(phase);
    if (i <= phaseIndex) return;
    phaseIndex = i;
    sink({ type: 'phase', phase });
  };

  const redactor = new Redactor();
  const errors: ReportError[] = [];
  const reportError = (target: string | null, code: string, message: string): void => {
    const error: ReportError = { target, code, message: redactor.redact(message) };
    errors.push(error);
    sink({ type: 'error', error });
  };
  const onRetry = (n: RetryNotice): void => sink({ type: 'retry', ...n });

  const shell = new AwsShell({ endpoint: opts.endpoint, profile: cfg.profile, limiter: new RateLimiter(cfg.concurrency), redactor, onRetry });
  const archiveLimits: ArchiveLimits = {
    maxTotalBytes: cfg.limits.maxTotalBytes,
    maxFileBytes: cfg.limits.maxFileBytes,
    maxEntries: cfg.limits.maxEntries,
    maxNestingDepth: DEFAULT_LIMITS.maxNestingDepth,
  };
  const keyBase = {
    toolVersion: TOOL.version,
    ownPaths: cfg.ownPaths,
    vendoredPaths: cfg.vendoredPaths,
    limits: { ...archiveLimits, maxDownloadBytes: cfg.limits.maxDownloadBytes },
  };

  // The worker pool starts only when a package must really be analysed: a fully cached re-run needs none.
  const poolHolder: { started: Promise<AnalysisPool> | null } = { started: null };
  const pool = (): Promise<AnalysisPool> => (poolHolder.started ??= createAnalysisPool(cfg.concurrency.analysis));

  const runner = new PackageRunner({
    cache: openCache({ enabled: cfg.cache, dir: cfg.cacheDir }),
    slots: pLimit(cfg.concurrency.downloads),
    pool,
    downloadLimits: cfg.limits,
    archiveLimits,
    ownPaths: cfg.ownPaths,
    vendoredPaths: cfg.vendoredPaths,
    redactor,
    signal,
    onDownloadStart: () => enterPhase('download'),
    onAnalyseStart: () => enterPhase('analyse'),
    onProgress: (id, bytes, totalBytes) => sink({ type: 'download', id, bytes, totalBytes }),
    onRetry: (target, reason, attempt) => {
      const t = targetsById.get(target);
      sink({ type: 'retry', operation: 'download', reason, attempt, target, ...(t?.account ? { account: t.account } : {}), ...(t?.region ? { region: t.region } : {}) });
    },
  });

  const targetsById = new Map<string, Target>();
  const findingsById = new Map<string, Finding[]>();
  const work: Promise<void>[] = [];
  const accountStates = new Map<string, 'scanned' | 'skipped' | 'error'>();
  const regionStates: { state: 'scanned' | 'error' }[] = [];
  let functionsListed = 0;
  let otherRuntimes = 0;
  let planned = 0;
  const accountNames = new Map<string, string>();
  const lambdaClients = new Map<string, LambdaClient>();
  const layerWork = new Map<string, Promise<void>>();

  const lambdaFor = (account: AccountCtx, region: string): LambdaClient => {
    const key = `${account.id}/${region}`;
    let c = lambdaClients.get(key);
    if (!c) lambdaClients.set(key, (c = shell.lambda(account.id, region, account.credentials)));
    return c;
  };

  const addPlanned = (n: number): void => {
    if (n === 0) return;
    planned += n;
    sink({ type: 'planned', total: planned });
  };

  const finish = (target: Target, outcome: PackageOutcome): void => {
    if (outcome.kind === 'ok') {
      const a = outcome.entry.analysis;
      target.status = 'scanned';
      target.reason = null;
      target.sourceFiles = a.sourceFiles;
      target.bytes = a.bytes;
      target.notes = [...a.notes, ...outcome.notes];
      target.parseErrors = a.parseErrors;
      findingsById.set(target.id, toFindings(a, target));
    } else if (outcome.kind === 'interrupted') {
      target.status = 'skipped';
      target.reason = INTERRUPTED_REASON;
    } else {
      target.status = 'error';
      target.reason = outcome.error.message;
      reportError(target.id, outcome.error.code, outcome.error.message);
    }
    const found = findingsById.get(target.id) ?? [];
    sink({ type: 'target-done', target, findings: found.length, ownOpen: found.filter((f) => f.origin === 'own' && f.status === 'open').length });
  };

  const describe = (err: unknown): string => redactor.message(err);

  /** One layer target per LayerVersionArn per run, fetched with the credentials of the first function that uses it. */
  const ensureLayer = (arn: string, via: AccountCtx): Promise<void> => {
    const existing = layerWork.get(arn);
    if (existing) return existing;
    const parts = parseLayerArn(arn);
    const target: Target = {
      id: arn,
      kind: 'layer',
      status: 'scanned',
      reason: null,
      sourceFiles: 0,
      bytes: 0,
      notes: [],
      parseErrors: [],
      ...(parts ? { account: parts.account, region: parts.region } : {}),
      ...(parts && accountNames.has(parts.account) ? { accountName: accountNames.get(parts.account)! } : {}),
    };
    targetsById.set(arn, target);
    addPlanned(1);
    const p = (async () => {
      if (!parts) return finish(target, { kind: 'error', error: new FetchError('not a LayerVersionArn', { target: arn }) });
      if (signal?.aborted) return finish(target, { kind: 'interrupted' });
      sink({ type: 'target-start', id: arn, kind: 'layer', account: parts.account, region: parts.region });
      const client = lambdaFor(via, parts.region);
      const outcome = await runner.run({
        key: analysisKey({ ...keyBase, identity: { layerVersionArn: arn }, handler: null, isLayer: true }),
        target: arn,
        handler: null,
        isLayer: true,
        expectedSha256: null,
        locate: async () => {
          const out = await shell.withRetry({ operation: 'GetLayerVersionByArn', account: via.id, region: parts.region, target: arn }, () =>
            client.send(new GetLayerVersionByArnCommand({ Arn: arn }), { abortSignal: signal }),
          signal);
          const c = out.Content;
          if (!c?.Location || !c.CodeSha256) throw new FetchError('GetLayerVersionByArn returned no code location', { target: arn });
          return { url: c.Location, codeSha256: c.CodeSha256, codeSize: c.CodeSize ?? null };
        },
      });
      if (outcome.kind === 'ok') {
        target.codeSha256 = outcome.entry.codeSha256;
        target.codeSize = outcome.entry.codeSize;
      }
      finish(target, outcome);
    })();
    layerWork.set(arn, p);
    work.push(p);
    return p;
  };

  const processFunction = async (target: Target, account: AccountCtx): Promise<void> => {
    for (const arn of target.layers ?? []) void ensureLayer(arn, account);
    if (signal?.aborted) return finish(target, { kind: 'interrupted' });
    sink({ type: 'target-start', id: target.id, kind: 'function', account: target.account, region: target.region });
    const region = target.region!;
    const client = lambdaFor(account, region);
    const handler = target.handler ?? null;
    const outcome = await runner.run({
      key: analysisKey({ ...keyBase, identity: { codeSha256: target.codeSha256 ?? target.id }, handler, isLayer: false }),
      target: target.id,
      handler,
      isLayer: false,
      expectedSha256: target.codeSha256 ?? null,
      locate: async () => {
        const out = await shell
          .withRetry({ operation: 'GetFunction', account: account.id, region, target: target.id }, () =>
            client.send(new GetFunctionCommand({ FunctionName: target.id }), { abortSignal: signal }),
          signal)
          .catch((err: unknown) => {
            if (classifyAwsError(err) === 'denied') throw new AccessError(`GetFunction denied: ${describe(err)}`, { target: target.id, cause: err });
            throw err;
          });
        const location = out.Code?.Location;
        const sha = out.Configuration?.CodeSha256 ?? target.codeSha256;
        if (!location || !sha) throw new FetchError('GetFunction returned no code location', { target: target.id });
        return { url: location, codeSha256: sha, codeSize: out.Configuration?.CodeSize ?? target.codeSize ?? null };
      },
    });
    finish(target, outcome);
  };

  /** Resolves once the region is listed; `done` settles when all of its targets have. */
  const auditRegion = async (account: AccountCtx, region: string): Promise<{ done: Promise<void> } | null> => {
    if (signal?.aborted) return null;
    sink({ type: 'region', account: account.id, region, state: 'started' });
    let listed;
    try {
      listed = await listFunctions(shell, lambdaFor(account, region), account.id, region, signal);
    } catch (err) {
      if (signal?.aborted) return null;
      const reason = describe(err);
      regionStates.push({ state: 'error' });
      reportError(`region:${account.id}/${region}`, classifyAwsError(err) === 'denied' ? 'access' : 'fetch', `ListFunctions failed in ${region}: ${reason}`);
      sink({ type: 'region', account: account.id, region, state: 'error', reason: redactor.redact(reason) });
      return null;
    }
    enterPhase('functions');
    functionsListed += listed.length;
    const matches = functionMatcher(cfg.functionFilter);
    const regionWork: Promise<void>[] = [];
    let newTargets = 0;
    const ready: Target[] = [];
    for (const fn of listed) {
      const d = classifyFunction(fn, { account: account.id, accountName: account.name, region, matches });
      if (d.kind === 'other-runtime') otherRuntimes++;
      if (d.kind !== 'target' && d.kind !== 'image') continue;
      targetsById.set(d.target.id, d.target);
      newTargets++;
      if (d.kind === 'image') ready.push(d.target);
      else regionWork.push(processFunction(d.target, account));
    }
    addPlanned(newTargets);
    for (const t of ready) sink({ type: 'target-done', target: t, findings: 0, ownOpen: 0 });
    sink({ type: 'region', account: account.id, region, state: 'listed', functions: listed.length });
    regionStates.push({ state: 'scanned' });
    work.push(...regionWork);
    const done = Promise.all(regionWork).then(() => {
      sink({ type: 'region', account: account.id, region, state: 'done', functions: listed.length });
    });
    return { done };
  };

  const auditAccount = async (planned: PlannedAccount, callerId: string): Promise<void> => {
    if (signal?.aborted) {
      accountStates.set(planned.id, 'skipped');
      sink({ type: 'account', account: planned.id, name: planned.name, state: 'skipped', reason: INTERRUPTED_REASON });
      return;
    }
    sink({ type: 'account', account: planned.id, name: planned.name, state: 'started' });
    const fail = (scopeMessage: string, err: unknown): void => {
      accountStates.set(planned.id, 'error');
      const code = classifyAwsError(err) === 'denied' ? 'access' : 'fetch';
      reportError(`account:${planned.id}`, code, `${scopeMessage}: ${describe(err)}`);
      sink({ type: 'account', account: planned.id, name: planned.name, state: 'error', reason: redactor.redact(`${scopeMessage}: ${describe(err)}`) });
    };
    let credentials = shell.baseCredentials;
    if (planned.id !== callerId) {
      const roleArn = `arn:aws:iam::${planned.id}:role/${cfg.roleName}`;
      credentials = shell.assumeRole(planned.id, roleArn, cfg.externalId);
      try {
        // Resolved now so a denied AssumeRole is one account error, not one error per call.
        await credentials();
      } catch (err) {
        if (signal?.aborted) return void accountStates.set(planned.id, 'skipped');
        return fail(`AssumeRole into ${roleArn} failed`, err);
      }
    }
    const account: AccountCtx = { id: planned.id, name: planned.name, credentials };
    let regions: string[];
    enterPhase('regions');
    try {
      regions = cfg.regions === 'all' ? await listRegions(shell, planned.id, credentials, signal) : [...cfg.regions];
    } catch (err) {
      if (signal?.aborted) return void accountStates.set(planned.id, 'skipped');
      return fail('DescribeRegions failed', err);
    }
    accountStates.set(planned.id, 'scanned');
    const regionLimit = pLimit(REGIONS_IN_PARALLEL);
    const listed = await Promise.all(regions.map((r) => regionLimit(() => auditRegion(account, r))));
    const pending = listed.flatMap((r) => (r ? [r.done] : []));
    work.push(
      Promise.all(pending).then(() => {
        sink({ type: 'account', account: planned.id, name: planned.name, state: 'done', regions: regions.length });
      }),
    );
  };

  /** Enumerates and schedules everything, then waits for all targets; returns early when interrupted. */
  let organization: NonNullable<Summary['fleet']>['organization'] = 'listed';
  const enumerateAndRun = async (): Promise<void> => {
    enterPhase('accounts');
    let caller: string;
    try {
      caller = (await callerAccount(shell, signal)).account;
    } catch (err) {
      if (signal?.aborted) return;
      throw new AccessError(`cannot identify the starting principal (GetCallerIdentity): ${describe(err)}`, { target: null, cause: err });
    }
    let org: OrgAccount[] | null = null;
    try {
      org = await listOrgAccounts(shell, caller, signal);
    } catch (err) {
      if (signal?.aborted) return;
      const notInUse = classifyAwsError(err) === 'org-unavailable';
      organization = notInUse ? 'not-in-use' : 'unavailable';
      const why = notInUse ? 'AWS Organizations is not in use' : describe(err);
      const fallback = cfg.accounts === 'all' ? `auditing only the caller's account ${caller}` : 'auditing the listed accounts without organization data';
      reportError(null, 'organizations-unavailable', `cannot list the organization's accounts (${why}); ${fallback}`);
    }
    for (const a of org ?? []) if (a.name) accountNames.set(a.id, a.name);
    const plan = planAccounts({ accounts: cfg.accounts, excludeAccounts: cfg.excludeAccounts, caller, org });
    const accountLimit = pLimit(cfg.concurrency.accounts);
    const audits: Promise<void>[] = [];
    for (const a of plan) {
      if (a.state === 'audit') {
        audits.push(accountLimit(() => auditAccount(a, caller)));
        continue;
      }
      accountStates.set(a.id, a.state);
      if (a.state === 'error') reportError(`account:${a.id}`, 'account-not-found', a.reason ?? 'account not found');
      sink({ type: 'account', account: a.id, name: a.name, state: a.state, reason: a.reason ?? undefined });
    }
    await Promise.all(audits);
    // `work` grows while it is awaited (layers are discovered by functions), so settle until it stops growing.
    for (let seen = 0; seen < work.length; ) {
      const batch = work.slice(seen);
      seen = work.length;
      await Promise.all(batch);
    }
  };

  try {
    await enumerateAndRun();
  } finally {
    opts.signal?.removeEventListener('abort', forwardAbort);
    if (poolHolder.started) await (await poolHolder.started).close();
  }

  enterPhase('report');
  const interrupted = signal?.aborted ?? false;
  const targets = [...targetsById.values()].sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.kind === 'function' ? -1 : 1));
  const findings = targets.flatMap((t) => findingsById.get(t.id) ?? []);
  const fleet = fleetCounts({
    organization,
    accounts: [...accountStates.values()].map((state) => ({ state })),
    regions: regionStates,
    functionsListed,
    otherRuntimes,
    targets,
  });
  const summary = summarize(targets, findings, { interrupted, fleet });
  if (interrupted) sink({ type: 'interrupted' });
  sink({ type: 'done', summary });
  const accounts = [...accountRecords.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { schemaVersion: 1, tool: { name: TOOL.name, version: TOOL.version }, startedAt, finishedAt: now().toISOString(), targets, findings, errors, summary, accounts };
}
