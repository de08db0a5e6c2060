/** Organizations (awsJson1_1), STS (awsQuery) and EC2 (ec2Query) operations. */
import { randomBytes } from 'node:crypto';
import { findAccount, listedAccounts } from './model.js';
import type { Ctx, Handler, Identity, State } from './state.js';
import {
  ApiError,
  decodePageToken,
  encodePageToken,
  sendEc2Result,
  sendJson,
  sendQueryResult,
  serviceError,
  xmlNode,
  xmlText,
} from './wire.js';

const JSON_11 = 'application/x-amz-json-1.1';
/** Fixed so demo output and tests are stable. */
const JOINED_EPOCH_SECONDS = 1_704_067_200;

function organizationId(state: State): string {
  return `o-emu${state.org.managementAccountId}`;
}

function requireManagement(ctx: Ctx): void {
  if (ctx.state.faults.noOrganization) {
    throw new ApiError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  }
  if (ctx.identity.account !== ctx.state.org.managementAccountId) {
    throw serviceError('organizations', 'denied', "You don't have permissions to access this resource.");
  }
}

function optionalString(value: unknown, field: string, service: 'organizations'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serviceError(service, 'invalid', `${field} must be a string`);
  return value;
}

export const organizationsHandlers: Record<string, Handler> = {
  ListAccounts(ctx) {
    requireManagement(ctx);
    const { org } = ctx.state;
    const pageSize = org.accountsPageSize ?? 20;
    const token = optionalString(ctx.json.NextToken, 'NextToken', 'organizations');
    const max = ctx.json.MaxResults;
    if (max !== undefined && !(Number.isInteger(max) && typeof max === 'number' && max >= 1 && max <= 20)) {
      throw serviceError('organizations', 'invalid', 'MaxResults must be between 1 and 20');
    }
    const offset = token === undefined ? 0 : decodePageToken('accounts', token);
    if (offset === null) throw serviceError('organizations', 'invalid', 'You specified an invalid value for nextToken.');
    const limit = Math.min(pageSize, typeof max === 'number' ? max : pageSize);
    const all = listedAccounts(org);
    const page = all.slice(offset, offset + limit).map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${organizationId(ctx.state)}/${a.id}`,
      Email: a.email ?? `${a.id}@example.com`,
      Name: a.name,
      Status: a.status ?? 'ACTIVE',
      State: a.status === 'SUSPENDED' ? 'SUSPENDED' : a.status === 'PENDING_CLOSURE' ? 'PENDING_CLOSURE' : 'ACTIVE',
      JoinedMethod: a.id === org.managementAccountId ? 'INVITED' : 'CREATED',
      JoinedTimestamp: JOINED_EPOCH_SECONDS,
    }));
    const next = offset + limit < all.length ? encodePageToken('accounts', offset + limit) : undefined;
    sendJson(ctx.res, 200, JSON_11, next === undefined ? { Accounts: page } : { Accounts: page, NextToken: next });
  },

  DescribeOrganization(ctx) {
    if (ctx.state.faults.noOrganization) {
      throw new ApiError(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    }
    const mgmt = ctx.state.org.managementAccountId;
    const id = organizationId(ctx.state);
    sendJson(ctx.res, 200, JSON_11, {
      Organization: {
        Id: id,
        Arn: `arn:aws:organizations::${mgmt}:organization/${id}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${mgmt}:account/${id}/${mgmt}`,
        MasterAccountId: mgmt,
        MasterAccountEmail: findAccount(ctx.state.org, mgmt)?.email ?? `${mgmt}@example.com`,
        AvailablePolicyTypes: [],
      },
    });
  },
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `ASIA` + account + 4 random characters: readable in logs, unique among live keys. */
function newAssumedKey(state: State, account: string): string {
  for (;;) {
    const suffix = Array.from(randomBytes(4), (b) => KEY_ALPHABET[b % 32]).join('');
    const key = `ASIA${account}${suffix}`;
    if (!state.keys.has(key)) return key;
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function assumeRole(ctx: Ctx): void {
  const { state, params, identity } = ctx;
  const roleArn = params.get('RoleArn') ?? '';
  const sessionName = params.get('RoleSessionName') ?? '';
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw serviceError('sts', 'invalid', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`);
  if (!SESSION_NAME.test(sessionName)) {
    throw serviceError('sts', 'invalid', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`);
  }
  const durationText = params.get('DurationSeconds');
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration) || duration < 1 || duration > 43_200) {
    throw serviceError('sts', 'invalid', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }
  const target = m[1]!;
  const roleName = m[2]!;
  const account = findAccount(state.org, target);
  const denied =
    !account || (account.status ?? 'ACTIVE') !== 'ACTIVE' || (state.faults.denyAssumeRole ?? []).includes(target);
  if (denied) throw serviceError('sts', 'denied', `User: ${identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

  const ttl = Math.min(duration, state.options.credentialTtlSeconds);
  const expiresAt = Math.floor((state.options.now() + ttl * 1000) / 1000) * 1000;
  const accessKeyId = newAssumedKey(state, target);
  const roleId = `AROA${target}EMU`;
  const arn = `arn:aws:sts::${target}:assumed-role/${roleName}/${sessionName}`;
  state.keys.set(accessKeyId, { account: target, arn, userId: `${roleId}:${sessionName}`, expiresAt });
  const credentials = xmlNode(
    'Credentials',
    xmlText('AccessKeyId', accessKeyId),
    xmlText('SecretAccessKey', randomBytes(30).toString('base64')),
    xmlText('SessionToken', `FwoGZXIvYXdzEMU${randomBytes(48).toString('base64')}`),
    xmlText('Expiration', isoSeconds(expiresAt)),
  );
  const user = xmlNode('AssumedRoleUser', xmlText('AssumedRoleId', `${roleId}:${sessionName}`), xmlText('Arn', arn));
  sendQueryResult(ctx.res, 'AssumeRole', credentials + user);
}

export const stsHandlers: Record<string, Handler> = {
  AssumeRole: assumeRole,
  GetCallerIdentity(ctx) {
    const id: Identity = ctx.identity;
    sendQueryResult(ctx.res, 'GetCallerIdentity', xmlText('UserId', id.userId) + xmlText('Account', id.account) + xmlText('Arn', id.arn));
  },
};

export const ec2Handlers: Record<string, Handler> = {
  DescribeRegions(ctx) {
    const account = findAccount(ctx.state.org, ctx.identity.account);
    const wanted = new Set<string>();
    for (const [key, value] of ctx.params) if (/^RegionName\.\d+$/.test(key)) wanted.add(value);
    const regions = Object.keys(account?.regions ?? {}).filter((r) => wanted.size === 0 || wanted.has(r));
    const items = regions.map((r) =>
      xmlNode('item', xmlText('regionName', r), xmlText('regionEndpoint', `ec2.${r}.amazonaws.com`), xmlText('optInStatus', 'opt-in-not-required')),
    );
    sendEc2Result(ctx.res, 'DescribeRegions', `<regionInfo>${items.join('')}</regionInfo>`);
  },
};
