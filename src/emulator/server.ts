/** The HTTP server: works out service and operation from the request shape, attributes the caller, injects faults. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ec2Handlers, organizationsHandlers, stsHandlers } from './control.js';
import { serveDownload } from './download.js';
import { isLambdaPath, lambdaHandlers, routeLambda } from './lambda.js';
import { findAccount, validateOrganization } from './model.js';
import type { Ctx, Handler, Identity, State } from './state.js';
import type { CallRecord, Credentials, Emulator, EmulatorOptions, EmuOrganization, EmuService, Faults } from './types.js';
import { ApiError, BodyTooLarge, type ControlService, parseCredentialScope, readBody, seededRandom, sendError, serviceError } from './wire.js';

export const MANAGEMENT_ACCESS_KEY_ID = 'AKIAMGMTEMULATOR0001';
export const MANAGEMENT_SECRET_ACCESS_KEY = 'emulator/management/secret/0000000000000';

/** Everything an audit may call. AssumeRole writes nothing either; it is here because the audit needs it. */
export const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  'ListAccounts',
  'DescribeOrganization',
  'AssumeRole',
  'GetCallerIdentity',
  'DescribeRegions',
  'ListFunctions',
  'GetFunction',
  'GetFunctionConfiguration',
  'GetLayerVersion',
  'GetLayerVersionByArn',
  'GetObject',
]);

const HANDLERS: Record<ControlService, Record<string, Handler>> = {
  organizations: organizationsHandlers,
  sts: stsHandlers,
  ec2: ec2Handlers,
  lambda: lambdaHandlers,
};

const ORGANIZATIONS_TARGET = 'AWSOrganizationsV20161128.';
const QUERY_VERSIONS: Record<string, ControlService> = { '2011-06-15': 'sts', '2016-11-15': 'ec2' };
const BODY_LIMIT = 1024 * 1024;

interface Route {
  service: ControlService;
  operation: string;
  params: URLSearchParams;
  json: Record<string, unknown>;
  labels: string[];
}

type Classified = Route | { service: 'unknown'; operation: string };

function parseJsonObject(body: Buffer): Record<string, unknown> | null {
  if (body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** All services share one endpoint (AWS_ENDPOINT_URL), so the protocol shape of the request decides. */
function classify(req: IncomingMessage, url: URL, body: Buffer): Classified {
  const method = req.method ?? 'GET';
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    if (!target.startsWith(ORGANIZATIONS_TARGET)) return { service: 'unknown', operation: target };
    const json = parseJsonObject(body) ?? {};
    return { service: 'organizations', operation: target.slice(ORGANIZATIONS_TARGET.length), params: new URLSearchParams(), json, labels: [] };
  }
  if (isLambdaPath(url.pathname)) {
    const r = routeLambda(method, url.pathname, url.searchParams);
    const operation = r?.operation ?? `${method} ${url.pathname}`;
    return { service: 'lambda', operation, params: url.searchParams, json: {}, labels: r?.labels ?? [] };
  }
  const params = method === 'POST' ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
  const service = QUERY_VERSIONS[params.get('Version') ?? ''];
  const action = params.get('Action');
  if (service && action) return { service, operation: action, params, json: {}, labels: [] };
  return { service: 'unknown', operation: `${method} ${url.pathname}` };
}

function authenticate(state: State, service: ControlService, req: IncomingMessage, record: CallRecord): Identity {
  const scope = parseCredentialScope(req.headers.authorization);
  if (!scope) throw serviceError(service, 'missingAuth', 'Missing Authentication Token');
  const identity = state.keys.get(scope.accessKeyId);
  if (!identity) throw serviceError(service, 'unknownKey', 'The security token included in the request is invalid.');
  record.account = identity.account;
  if (identity.expiresAt !== null && state.options.now() >= identity.expiresAt) {
    throw serviceError(service, 'expired', 'The security token included in the request is expired');
  }
  return identity;
}

function applyFaults(state: State, service: ControlService, operation: string, identity: Identity, region: string): void {
  const f = state.faults;
  if ((f.throttleRate ?? 0) > 0 && state.random() < (f.throttleRate ?? 0)) throw serviceError(service, 'throttle', 'Rate exceeded');
  const deniedAccount = (f.denyAccounts ?? []).includes(identity.account);
  const deniedRegion = service === 'lambda' && (f.denyRegions ?? []).some((d) => d.account === identity.account && d.region === region);
  if (deniedAccount || deniedRegion) {
    throw serviceError(
      service,
      'denied',
      `User: ${identity.arn} is not authorized to perform: ${service === 'organizations' ? 'organizations' : service}:${operation} with an explicit deny in a service control policy`,
    );
  }
}

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/code/')) return serveDownload(state, req, res, url);

  const scope = parseCredentialScope(req.headers.authorization);
  const region = scope?.region ?? 'us-east-1';
  let body: Buffer;
  try {
    body = await readBody(req, BODY_LIMIT);
  } catch (err) {
    res.writeHead(err instanceof BodyTooLarge ? 413 : 400, { connection: 'close' }).end();
    return;
  }
  const route = classify(req, url, body);
  const service: EmuService = route.service;
  const record: CallRecord = { service, operation: route.operation, account: null, region, at: state.options.now(), status: 0 };
  state.calls.push(record);
  if (route.service === 'unknown') {
    record.status = 404;
    res.writeHead(404, { 'content-type': 'text/plain' }).end('emulator: unrecognised request\n');
    return;
  }

  try {
    const identity = authenticate(state, route.service, req, record);
    applyFaults(state, route.service, route.operation, identity, region);
    const handler = HANDLERS[route.service][route.operation];
    if (!handler) throw serviceError(route.service, 'unknownOperation', `Unknown operation ${route.operation}`);
    const ctx: Ctx = { state, res, identity, region, params: route.params, json: route.json, labels: route.labels };
    handler(ctx);
  } catch (err) {
    const apiError = err instanceof ApiError ? err : new ApiError(500, 'ServiceException', err instanceof Error ? err.message : String(err));
    record.error = apiError.code;
    if (!res.headersSent) sendError(res, route.service, apiError);
  }
  record.status = res.statusCode;
}

function staticKey(accountId: string): string {
  return `AKIA${accountId}EMUL`;
}

export async function startEmulator(org: EmuOrganization, faults: Faults = {}, options: EmulatorOptions = {}): Promise<Emulator> {
  validateOrganization(org);
  const mgmt = org.managementAccountId;
  const state: State = {
    org,
    faults: { ...faults },
    options: {
      urlTtlSeconds: options.urlTtlSeconds ?? 600,
      credentialTtlSeconds: options.credentialTtlSeconds ?? 3600,
      now: options.now ?? Date.now,
    },
    random: seededRandom(faults.seed ?? 1),
    keys: new Map([[MANAGEMENT_ACCESS_KEY_ID, { account: mgmt, arn: `arn:aws:iam::${mgmt}:user/emulator-admin`, userId: 'AIDAEMULATORADMIN0001', expiresAt: null }]]),
    codeUrls: new Map(),
    attempts: new Map(),
    calls: [],
    baseUrl: '',
  };

  const server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`emulator: ${String(err)}\n`);
      else res.destroy();
    });
  });
  // Longer than SDK agents keep idle sockets, so a reused socket is not closed under a request.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    port,
    calls: state.calls,
    get faults(): Faults {
      return state.faults;
    },
    setFaults(f: Faults): void {
      state.faults = { ...f };
      state.random = seededRandom(f.seed ?? 1);
      state.attempts.clear();
    },
    options: state.options,
    managementCredentials: { accessKeyId: MANAGEMENT_ACCESS_KEY_ID, secretAccessKey: MANAGEMENT_SECRET_ACCESS_KEY },
    credentialsFor(accountId: string): Credentials {
      const account = findAccount(state.org, accountId);
      if (!account) throw new Error(`emulator: no account ${accountId} in the organization`);
      const key = staticKey(accountId);
      if (!state.keys.has(key)) {
        state.keys.set(key, { account: accountId, arn: `arn:aws:iam::${accountId}:user/emulator`, userId: `AIDA${accountId}EMUL`, expiresAt: null });
      }
      return { accessKeyId: key, secretAccessKey: `emulator/${accountId}/secret/000000000000000` };
    },
    downloadCounts(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const c of state.calls) if (c.service === 'download' && c.object !== undefined) counts.set(c.object, (counts.get(c.object) ?? 0) + 1);
      return counts;
    },
    stop(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
  maxAttempts?: number;
}

/** Config for any SDK v3 client pointed at the emulator; management credentials unless others are given. */
export function clientConfig(emu: Emulator, opts: { credentials?: Credentials; region?: string; maxAttempts?: number } = {}): ClientConfig {
  const config: ClientConfig = { endpoint: emu.url, region: opts.region ?? 'us-east-1', credentials: opts.credentials ?? emu.managementCredentials };
  if (opts.maxAttempts !== undefined) config.maxAttempts = opts.maxAttempts;
  return config;
}
