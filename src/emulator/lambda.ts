/** Lambda's read operations over restJson1. */
import { createHash } from 'node:crypto';
import { issueCodeUrl } from './download.js';
import { EMPTY_ZIP, codeSha256, findAccount, findFunction, findLayer, functionArn, parseLayerArn, regionOf } from './model.js';
import type { Ctx, Handler } from './state.js';
import type { EmuFunction } from './types.js';
import { ApiError, decodePageToken, encodePageToken, sendJson, serviceError } from './wire.js';

const JSON_CT = 'application/json';
const DEFAULT_LAST_MODIFIED = '2024-01-15T10:00:00.000+0000';
const PAGE_LIMIT = 50;

interface Route {
  method: string;
  path: RegExp;
  operation: string;
  /** Only when this query parameter has this value (GetLayerVersionByArn shares its path with ListLayers). */
  query?: readonly [string, string];
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/2015-03-31\/functions\/?$/, operation: 'ListFunctions' },
  { method: 'GET', path: /^\/2015-03-31\/functions\/([^/]+)\/?$/, operation: 'GetFunction' },
  { method: 'GET', path: /^\/2015-03-31\/functions\/([^/]+)\/configuration\/?$/, operation: 'GetFunctionConfiguration' },
  { method: 'GET', path: /^\/2018-10-31\/layers\/?$/, operation: 'GetLayerVersionByArn', query: ['find', 'LayerVersion'] },
  { method: 'GET', path: /^\/2018-10-31\/layers\/([^/]+)\/versions\/(\d+)\/?$/, operation: 'GetLayerVersion' },
];

/** Operation and decoded path labels, or null when this is no Lambda operation the emulator knows. */
export function routeLambda(method: string, pathname: string, query: URLSearchParams): { operation: string; labels: string[] } | null {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.path.exec(pathname);
    if (!m || (r.query && query.get(r.query[0]) !== r.query[1])) continue;
    try {
      return { operation: r.operation, labels: m.slice(1).map((s) => decodeURIComponent(s)) };
    } catch {
      return null;
    }
  }
  return null;
}

export function isLambdaPath(pathname: string): boolean {
  return /^\/20\d\d-\d\d-\d\d\//.test(pathname);
}

function packageOf(fn: EmuFunction): Buffer {
  return fn.zip ?? EMPTY_ZIP;
}

function isImage(fn: EmuFunction): boolean {
  return fn.packageType === 'Image';
}

function imageUri(account: string, region: string, fn: EmuFunction): string {
  return fn.imageUri ?? `${account}.dkr.ecr.${region}.amazonaws.com/${fn.name.toLowerCase()}:latest`;
}

function configuration(ctx: Ctx, account: string, region: string, fn: EmuFunction): Record<string, unknown> {
  const image = isImage(fn);
  const config: Record<string, unknown> = {
    FunctionName: fn.name,
    FunctionArn: functionArn(account, region, fn.name),
    Role: `arn:aws:iam::${account}:role/${fn.name}-role`,
    CodeSize: image ? 0 : packageOf(fn).length,
    CodeSha256: image ? createHash('sha256').update(imageUri(account, region, fn)).digest('hex') : codeSha256(packageOf(fn)),
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    LastModified: fn.lastModified ?? DEFAULT_LAST_MODIFIED,
    Version: '$LATEST',
    TracingConfig: { Mode: 'PassThrough' },
    PackageType: image ? 'Image' : 'Zip',
    Architectures: fn.architectures ?? ['x86_64'],
    EphemeralStorage: { Size: 512 },
  };
  if (!image) {
    config.Runtime = fn.runtime;
    config.Handler = fn.handler ?? 'lambda_function.lambda_handler';
  }
  if (fn.layers && fn.layers.length > 0) {
    config.Layers = fn.layers.map((arn) => ({ Arn: arn, CodeSize: findLayer(ctx.state.org, arn)?.zip.length ?? 0 }));
  }
  return config;
}

const FUNCTION_NAME = /^(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):)?(?:(\d{12}):function:)?([A-Za-z0-9_-]{1,140})(?::([$A-Za-z0-9_-]+))?$/;

/** Accepts a name, a partial ARN or a full ARN, as Lambda does; other accounts' functions are denied. */
function resolveFunction(ctx: Ctx): { account: string; region: string; fn: EmuFunction } {
  const raw = ctx.labels[0] ?? '';
  const m = FUNCTION_NAME.exec(raw);
  if (!m) throw serviceError('lambda', 'invalid', `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint`);
  const account = ctx.identity.account;
  if (m[2] !== undefined && m[2] !== account) {
    throw serviceError('lambda', 'denied', `User: ${ctx.identity.arn} is not authorized to perform: lambda:GetFunction on resource: ${raw}`);
  }
  if (m[1] !== undefined && m[1] !== ctx.region) {
    throw serviceError('lambda', 'invalid', `Region ${m[1]} of the function ARN does not match the endpoint region ${ctx.region}`);
  }
  const fn = findFunction(ctx.state.org, account, ctx.region, m[3]!);
  if (!fn) throw notFound(`Function not found: ${functionArn(account, ctx.region, m[3]!)}`);
  return { account, region: ctx.region, fn };
}

function notFound(message: string): ApiError {
  return new ApiError(404, 'ResourceNotFoundException', message);
}

function layerResponse(ctx: Ctx, arn: string): Record<string, unknown> {
  const ref = parseLayerArn(arn);
  if (!ref) throw serviceError('lambda', 'invalid', `1 validation error detected: Value '${arn}' at 'arn' failed to satisfy constraint`);
  // Layers of accounts in the organisation are readable org-wide; others behave like unshared layers.
  if (!findAccount(ctx.state.org, ref.account)) {
    throw serviceError('lambda', 'denied', `User: ${ctx.identity.arn} is not authorized to perform: lambda:GetLayerVersion on resource: ${arn}`);
  }
  const layer = findLayer(ctx.state.org, arn);
  if (!layer) throw notFound(`Layer version ${arn} does not exist.`);
  return {
    Content: {
      Location: issueCodeUrl(ctx.state, { object: arn, zip: layer.zip, account: ref.account, region: ref.region }),
      CodeSha256: codeSha256(layer.zip),
      CodeSize: layer.zip.length,
    },
    LayerArn: arn.slice(0, arn.lastIndexOf(':')),
    LayerVersionArn: arn,
    Description: '',
    CreatedDate: DEFAULT_LAST_MODIFIED,
    Version: ref.version,
    CompatibleRuntimes: [],
    CompatibleArchitectures: [],
  };
}

export const lambdaHandlers: Record<string, Handler> = {
  ListFunctions(ctx) {
    const maxText = ctx.params.get('MaxItems');
    const max = maxText === null ? PAGE_LIMIT : Number(maxText);
    if (!Number.isInteger(max) || max < 1 || max > 10_000) {
      throw serviceError('lambda', 'invalid', `1 validation error detected: Value '${maxText}' at 'maxItems' failed to satisfy constraint`);
    }
    const marker = ctx.params.get('Marker');
    const offset = marker === null || marker === '' ? 0 : decodePageToken('functions', marker);
    if (offset === null) throw serviceError('lambda', 'invalid', 'Invalid Marker');
    const functions = regionOf(ctx.state.org, ctx.identity.account, ctx.region)?.functions ?? [];
    const limit = Math.min(max, PAGE_LIMIT);
    const page = functions.slice(offset, offset + limit).map((fn) => configuration(ctx, ctx.identity.account, ctx.region, fn));
    const body: Record<string, unknown> = { Functions: page };
    if (offset + limit < functions.length) body.NextMarker = encodePageToken('functions', offset + limit);
    sendJson(ctx.res, 200, JSON_CT, body);
  },

  GetFunction(ctx) {
    const { account, region, fn } = resolveFunction(ctx);
    const arn = functionArn(account, region, fn.name);
    const code = isImage(fn)
      ? { RepositoryType: 'ECR', ImageUri: imageUri(account, region, fn), ResolvedImageUri: imageUri(account, region, fn) }
      : { RepositoryType: 'S3', Location: issueCodeUrl(ctx.state, { object: arn, zip: packageOf(fn), account, region }) };
    sendJson(ctx.res, 200, JSON_CT, { Configuration: configuration(ctx, account, region, fn), Code: code, Tags: {} });
  },

  GetFunctionConfiguration(ctx) {
    const { account, region, fn } = resolveFunction(ctx);
    sendJson(ctx.res, 200, JSON_CT, configuration(ctx, account, region, fn));
  },

  GetLayerVersionByArn(ctx) {
    sendJson(ctx.res, 200, JSON_CT, layerResponse(ctx, ctx.params.get('Arn') ?? ''));
  },

  GetLayerVersion(ctx) {
    const [name = '', version = ''] = ctx.labels;
    const arn = name.startsWith('arn:') ? `${name}:${version}` : `arn:aws:lambda:${ctx.region}:${ctx.identity.account}:layer:${name}:${version}`;
    sendJson(ctx.res, 200, JSON_CT, layerResponse(ctx, arn));
  },
};
