/** Wire-format helpers: the error shapes of each AWS protocol, XML text, SigV4 credential scope, request bodies. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ControlService = 'organizations' | 'sts' | 'ec2' | 'lambda';

/** A modelled AWS error; each service's handler throws it and the router writes it in that service's protocol. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra members of a JSON error body (e.g. Lambda's `Reason`). */
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export type ErrorKind = 'unknownKey' | 'missingAuth' | 'expired' | 'throttle' | 'denied' | 'unknownOperation' | 'invalid';

/** The codes AWS itself answers, since retry and error classification in clients key on them. */
const ERROR_CODES: Record<ControlService, Record<ErrorKind, readonly [number, string]>> = {
  organizations: {
    unknownKey: [400, 'UnrecognizedClientException'],
    missingAuth: [400, 'MissingAuthenticationTokenException'],
    expired: [400, 'ExpiredTokenException'],
    throttle: [400, 'TooManyRequestsException'],
    denied: [400, 'AccessDeniedException'],
    unknownOperation: [400, 'UnknownOperationException'],
    invalid: [400, 'InvalidInputException'],
  },
  sts: {
    unknownKey: [403, 'InvalidClientTokenId'],
    missingAuth: [403, 'MissingAuthenticationToken'],
    expired: [400, 'ExpiredToken'],
    throttle: [400, 'Throttling'],
    denied: [403, 'AccessDenied'],
    unknownOperation: [400, 'InvalidAction'],
    invalid: [400, 'ValidationError'],
  },
  ec2: {
    unknownKey: [401, 'AuthFailure'],
    missingAuth: [401, 'MissingAuthenticationToken'],
    expired: [400, 'RequestExpired'],
    throttle: [503, 'RequestLimitExceeded'],
    denied: [403, 'UnauthorizedOperation'],
    unknownOperation: [400, 'InvalidAction'],
    invalid: [400, 'InvalidParameterValue'],
  },
  lambda: {
    unknownKey: [403, 'UnrecognizedClientException'],
    missingAuth: [403, 'MissingAuthenticationTokenException'],
    expired: [403, 'ExpiredTokenException'],
    throttle: [429, 'TooManyRequestsException'],
    denied: [403, 'AccessDeniedException'],
    unknownOperation: [404, 'UnknownOperationException'],
    invalid: [400, 'InvalidParameterValueException'],
  },
};

export function serviceError(service: ControlService, kind: ErrorKind, message: string): ApiError {
  const [status, code] = ERROR_CODES[service][kind];
  const extra: Record<string, string> = kind === 'throttle' && service === 'lambda' ? { Reason: 'CallerRateLimitExceeded' } : {};
  return new ApiError(status, code, message, extra);
}

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]!};`);
}

/** `<name>escaped text</name>` */
export function xmlText(name: string, text: string | number): string {
  return `<${name}>${escapeXml(String(text))}</${name}>`;
}

/** `<name>already-built children</name>` */
export function xmlNode(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

export function sendJson(res: ServerResponse, status: number, contentType: string, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': contentType, 'content-length': text.length, 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(text);
}

export function sendXml(res: ServerResponse, status: number, xml: string): void {
  const text = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, 'utf8');
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': text.length, 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

/** Query protocols wrap results as `<OpResponse><OpResult>…</OpResult><ResponseMetadata>`. */
export function sendQueryResult(res: ServerResponse, operation: string, result: string): void {
  sendXml(
    res,
    200,
    `<${operation}Response xmlns="${STS_XMLNS}">${xmlNode(`${operation}Result`, result)}${xmlNode('ResponseMetadata', xmlText('RequestId', randomUUID()))}</${operation}Response>`,
  );
}

/** EC2 puts results straight under `<OpResponse>`, with a lower-case `requestId`. */
export function sendEc2Result(res: ServerResponse, operation: string, result: string): void {
  sendXml(res, 200, `<${operation}Response xmlns="${EC2_XMLNS}">${xmlText('requestId', randomUUID())}${result}</${operation}Response>`);
}

export function sendError(res: ServerResponse, service: ControlService, err: ApiError): void {
  const requestId = randomUUID();
  switch (service) {
    case 'organizations':
      sendJson(res, err.status, 'application/x-amz-json-1.1', { __type: err.code, Message: err.message }, { 'x-amzn-errortype': err.code });
      return;
    case 'lambda':
      sendJson(res, err.status, 'application/json', { Type: 'User', message: err.message, ...err.extra }, { 'x-amzn-errortype': err.code });
      return;
    case 'sts': {
      const type = err.status >= 500 ? 'Receiver' : 'Sender';
      const error = xmlNode('Error', xmlText('Type', type), xmlText('Code', err.code), xmlText('Message', err.message));
      sendXml(res, err.status, `<ErrorResponse xmlns="${STS_XMLNS}">${error}${xmlText('RequestId', requestId)}</ErrorResponse>`);
      return;
    }
    case 'ec2': {
      const error = xmlNode('Error', xmlText('Code', err.code), xmlText('Message', err.message));
      sendXml(res, err.status, `<Response>${xmlNode('Errors', error)}${xmlText('RequestID', requestId)}</Response>`);
      return;
    }
  }
}

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads `Credential=AKID/date/region/service/aws4_request` from a SigV4 Authorization header; the signature itself is not checked. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | null {
  if (authorization === undefined || !authorization.startsWith('AWS4-HMAC-SHA256 ')) return null;
  const m = CREDENTIAL.exec(authorization);
  if (!m) return null;
  return { accessKeyId: m[1]!, region: m[2]!, service: m[3]! };
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new BodyTooLarge(`request body over ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** mulberry32: a tiny seeded PRNG so fault injection is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opaque paging tokens that carry an offset; anything else is rejected. */
export function encodePageToken(prefix: string, offset: number): string {
  return Buffer.from(`${prefix}:${offset}`, 'utf8').toString('base64url');
}

export function decodePageToken(prefix: string, token: string): number | null {
  const m = /^([a-z]+):(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m && m[1] === prefix ? Number(m[2]) : null;
}
