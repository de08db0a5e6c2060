import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetLayerVersionByArnCommand,
  LambdaClient,
  ListFunctionsCommand,
  paginateListFunctions,
} from '@aws-sdk/client-lambda';
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  MANAGEMENT_ACCESS_KEY_ID,
  READ_ONLY_OPERATIONS,
  clientConfig,
  startEmulator,
  zipOf,
  type Credentials,
  type Emulator,
  type EmuAccount,
  type EmuOrganization,
} from '../../src/emulator/index.js';

const MGMT = '100000000000';
const MEMBER = '200000000000';
const LAYER_ARN = `arn:aws:lambda:us-east-1:${MGMT}:layer:shared-deps:3`;
const layerZip = zipOf({ 'python/deps/__init__.py': 'import threading\n' });
const handlerZip = zipOf({ 'lambda_function.py': 'def lambda_handler(event, context):\n    return 1\n' });

function sha256b64(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('base64');
}

function organization(): EmuOrganization {
  const functions = Array.from({ length: 120 }, (_, i) => ({ name: `fn-${String(i).padStart(3, '0')}`, runtime: 'python3.12', zip: handlerZip }));
  functions.push({ name: 'with-layer', runtime: 'python3.11', zip: handlerZip, layers: [LAYER_ARN] } as (typeof functions)[number]);
  const members: EmuAccount[] = Array.from({ length: 5 }, (_, i) => ({
    id: `30000000000${i}`,
    name: `extra-${i}`,
    regions: {},
  }));
  return {
    managementAccountId: MGMT,
    accountsPageSize: 3,
    accounts: [
      {
        id: MGMT,
        name: 'management',
        regions: {
          'us-east-1': {
            functions: [...functions, { name: 'container', runtime: '', packageType: 'Image' }],
            layers: [{ arn: LAYER_ARN, zip: layerZip }],
          },
        },
      },
      {
        id: MEMBER,
        name: 'member',
        regions: {
          'eu-west-1': { functions: [{ name: 'member-only', runtime: 'python3.13', zip: handlerZip }] },
          'us-east-1': { functions: [] },
        },
      },
      ...members,
    ],
  };
}

let clock = Date.now();
let emu: Emulator;
let memberCreds: Credentials;

before(async () => {
  emu = await startEmulator(organization(), {}, { now: () => clock, credentialTtlSeconds: 900 });
  const out = await new STSClient(clientConfig(emu)).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/OrganizationAccountAccessRole`, RoleSessionName: 'lambda-audit' }),
  );
  const c = out.Credentials!;
  memberCreds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
});
after(() => emu.stop());

describe('organizations (awsJson1_1)', () => {
  test('paginateListAccounts walks every page, management account included', async () => {
    const client = new OrganizationsClient(clientConfig(emu));
    const before = emu.calls.length;
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client }, {})) {
      pages++;
      assert.ok((page.Accounts ?? []).length <= 3);
      for (const a of page.Accounts ?? []) ids.push(a.Id!);
    }
    assert.equal(pages, 3);
    assert.deepEqual(ids, [MGMT, MEMBER, '300000000000', '300000000001', '300000000002', '300000000003', '300000000004']);
    const listCalls = emu.calls.slice(before).filter((c) => c.operation === 'ListAccounts');
    assert.equal(listCalls.length, 3);
    assert.ok(listCalls.every((c) => c.service === 'organizations' && c.account === MGMT && c.status === 200));
  });

  test('a member account may not list the organization', async () => {
    const client = new OrganizationsClient(clientConfig(emu, { credentials: memberCreds }));
    await assert.rejects(paginateListAccounts({ client }, {}).next(), { name: 'AccessDeniedException' });
  });
});

describe('sts (awsQuery)', () => {
  test('AssumeRole keys encode the account, expire per the configured TTL, and GetCallerIdentity reports that account', async () => {
    assert.match(memberCreds.accessKeyId, new RegExp(`^ASIA${MEMBER}[A-Z2-7]{4}$`));
    const out = await new STSClient(clientConfig(emu)).send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Audit`, RoleSessionName: 's1', DurationSeconds: 3600 }),
    );
    const expiresIn = out.Credentials!.Expiration!.getTime() - clock;
    assert.ok(expiresIn > 898_000 && expiresIn <= 900_000, `capped at credentialTtlSeconds, got ${expiresIn}`);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${MEMBER}:assumed-role/Audit/s1`);

    const who = await new STSClient(clientConfig(emu, { credentials: memberCreds })).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, MEMBER);
    assert.equal(who.Arn, `arn:aws:sts::${MEMBER}:assumed-role/OrganizationAccountAccessRole/lambda-audit`);
    const mine = await new STSClient(clientConfig(emu)).send(new GetCallerIdentityCommand({}));
    assert.equal(mine.Account, MGMT);
  });

  test('AWS_ENDPOINT_URL alone routes a client to the emulator', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = emu.url;
    try {
      const client = new STSClient({ region: 'eu-west-1', credentials: emu.managementCredentials });
      const who = await client.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Account, MGMT);
      const last = emu.calls.at(-1)!;
      assert.deepEqual([last.service, last.operation, last.region], ['sts', 'GetCallerIdentity', 'eu-west-1']);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  test('unknown keys and expired credentials are refused with the codes AWS uses', async () => {
    const bogus = { accessKeyId: 'AKIANOTAKNOWNKEY0000', secretAccessKey: 'x' };
    await assert.rejects(new STSClient(clientConfig(emu, { credentials: bogus })).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId' });
    await assert.rejects(new LambdaClient(clientConfig(emu, { credentials: bogus })).send(new ListFunctionsCommand({})), {
      name: 'UnrecognizedClientException',
    });
    await assert.rejects(new EC2Client(clientConfig(emu, { credentials: bogus })).send(new DescribeRegionsCommand({})), { name: 'AuthFailure' });

    const out = await new STSClient(clientConfig(emu)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Audit`, RoleSessionName: 'short' }));
    const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: 's', sessionToken: 't' };
    const lambda = new LambdaClient(clientConfig(emu, { credentials: creds, region: 'eu-west-1' }));
    await lambda.send(new ListFunctionsCommand({}));
    const saved = clock;
    clock += 901_000;
    try {
      await assert.rejects(lambda.send(new ListFunctionsCommand({})), { name: 'ExpiredTokenException' });
    } finally {
      clock = saved;
    }
  });
});

describe('ec2 (ec2Query)', () => {
  test('DescribeRegions lists the enabled regions of the calling account', async () => {
    const member = await new EC2Client(clientConfig(emu, { credentials: memberCreds })).send(new DescribeRegionsCommand({}));
    assert.deepEqual(member.Regions?.map((r) => r.RegionName).sort(), ['eu-west-1', 'us-east-1']);
    assert.equal(member.Regions?.[0]?.OptInStatus, 'opt-in-not-required');
    const mgmt = await new EC2Client(clientConfig(emu)).send(new DescribeRegionsCommand({}));
    assert.deepEqual(mgmt.Regions?.map((r) => r.RegionName), ['us-east-1']);
  });
});

describe('lambda (restJson1)', () => {
  const lambda = (): LambdaClient => new LambdaClient(clientConfig(emu));

  test('paginateListFunctions returns all functions in pages of 50', async () => {
    const before = emu.calls.length;
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda() }, {})) names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    assert.equal(names.length, 122);
    assert.equal(new Set(names).size, 122);
    assert.equal(emu.calls.slice(before).filter((c) => c.operation === 'ListFunctions').length, 3);
  });

  test('MaxItems is honoured up to 50', async () => {
    const small = await lambda().send(new ListFunctionsCommand({ MaxItems: 7 }));
    assert.equal(small.Functions?.length, 7);
    assert.ok(small.NextMarker);
    const next = await lambda().send(new ListFunctionsCommand({ MaxItems: 7, Marker: small.NextMarker }));
    assert.equal(next.Functions?.[0]?.FunctionName, 'fn-007');
    const big = await lambda().send(new ListFunctionsCommand({ MaxItems: 500 }));
    assert.equal(big.Functions?.length, 50);
    await assert.rejects(lambda().send(new ListFunctionsCommand({ Marker: 'garbage' })), { name: 'InvalidParameterValueException' });
  });

  test('configuration fields have the real shapes', async () => {
    const out = await lambda().send(new ListFunctionsCommand({ MaxItems: 1 }));
    const f = out.Functions![0]!;
    assert.equal(f.FunctionArn, `arn:aws:lambda:us-east-1:${MGMT}:function:fn-000`);
    assert.equal(f.Runtime, 'python3.12');
    assert.equal(f.Handler, 'lambda_function.lambda_handler');
    assert.equal(f.CodeSha256, sha256b64(handlerZip));
    assert.equal(f.CodeSize, handlerZip.length);
    assert.equal(f.PackageType, 'Zip');
    assert.deepEqual(f.Architectures, ['x86_64']);
    assert.match(f.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  });

  test('GetFunction Code.Location downloads the exact zip, with Range support', async () => {
    const out = await lambda().send(new GetFunctionCommand({ FunctionName: 'fn-001' }));
    const location = out.Code!.Location!;
    assert.ok(location.startsWith(`${emu.url}/code/`));
    assert.match(location, /X-Amz-Signature=[0-9a-f]{64}/);
    assert.match(location, /X-Amz-Expires=600/);
    const res = await fetch(location);
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(sha256b64(bytes), out.Configuration!.CodeSha256);
    assert.deepEqual(Buffer.from(bytes), handlerZip);

    const part = await fetch(location, { headers: { range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 10-19/${handlerZip.length}`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), handlerZip.subarray(10, 20));

    const tampered = await fetch(location.replace(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=z'));
    assert.equal(tampered.status, 403);
  });

  test('a full ARN works as FunctionName; another account’s ARN is denied', async () => {
    const out = await lambda().send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:us-east-1:${MGMT}:function:fn-002` }));
    assert.equal(out.Configuration?.FunctionName, 'fn-002');
    await assert.rejects(lambda().send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:us-east-1:${MEMBER}:function:x` })), {
      name: 'AccessDeniedException',
    });
    await assert.rejects(lambda().send(new GetFunctionCommand({ FunctionName: 'missing' })), { name: 'ResourceNotFoundException' });
  });

  test('download URLs expire after the TTL with S3 AccessDenied XML', async () => {
    const out = await lambda().send(new GetFunctionCommand({ FunctionName: 'fn-003' }));
    const saved = clock;
    clock += 601_000;
    try {
      const res = await fetch(out.Code!.Location!);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    } finally {
      clock = saved;
    }
    assert.equal((await fetch(out.Code!.Location!)).status, 200);
  });

  test('layers: Layers[].CodeSize in the configuration and GetLayerVersionByArn Content.Location', async () => {
    const fn = await lambda().send(new GetFunctionCommand({ FunctionName: 'with-layer' }));
    assert.deepEqual(fn.Configuration?.Layers, [{ Arn: LAYER_ARN, CodeSize: layerZip.length }]);
    const member = new LambdaClient(clientConfig(emu, { credentials: memberCreds }));
    const layer = await member.send(new GetLayerVersionByArnCommand({ Arn: LAYER_ARN }));
    assert.equal(layer.LayerVersionArn, LAYER_ARN);
    assert.equal(layer.Version, 3);
    assert.equal(layer.Content?.CodeSha256, sha256b64(layerZip));
    const bytes = Buffer.from(await (await fetch(layer.Content!.Location!)).arrayBuffer());
    assert.deepEqual(bytes, layerZip);
    const foreign = 'arn:aws:lambda:us-east-1:999999999999:layer:public:1';
    await assert.rejects(member.send(new GetLayerVersionByArnCommand({ Arn: foreign })), { name: 'AccessDeniedException' });
    await assert.rejects(member.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN.slice(0, -1)}9` })), { name: 'ResourceNotFoundException' });
  });

  test('image functions return ImageUri and no Location', async () => {
    const out = await lambda().send(new GetFunctionCommand({ FunctionName: 'container' }));
    assert.equal(out.Configuration?.PackageType, 'Image');
    assert.equal(out.Configuration?.Runtime, undefined);
    assert.equal(out.Code?.Location, undefined);
    assert.match(out.Code?.ImageUri ?? '', new RegExp(`^${MGMT}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/`));
  });

  test('functions listed with an assumed key come from that account and region', async () => {
    const member = new LambdaClient(clientConfig(emu, { credentials: memberCreds, region: 'eu-west-1' }));
    const out = await member.send(new ListFunctionsCommand({}));
    assert.deepEqual(out.Functions?.map((f) => f.FunctionArn), [`arn:aws:lambda:eu-west-1:${MEMBER}:function:member-only`]);
    const last = emu.calls.at(-1)!;
    assert.deepEqual([last.account, last.region], [MEMBER, 'eu-west-1']);
    const empty = await new LambdaClient(clientConfig(emu, { credentials: memberCreds })).send(new ListFunctionsCommand({}));
    assert.deepEqual(empty.Functions, []);
  });

  test('credentialsFor gives direct access to an account', async () => {
    const out = await new LambdaClient(clientConfig(emu, { credentials: emu.credentialsFor(MEMBER), region: 'eu-west-1' })).send(
      new ListFunctionsCommand({}),
    );
    assert.equal(out.Functions?.[0]?.FunctionName, 'member-only');
  });

  test('the call log separates read operations from anything else', async () => {
    assert.ok(emu.calls.length > 10);
    const before = emu.calls.length;
    await assert.rejects(lambda().send(new DeleteFunctionCommand({ FunctionName: 'fn-000' })), { name: 'UnknownOperationException' });
    const extra = emu.calls.slice(before);
    assert.equal(extra.length, 1);
    assert.equal(READ_ONLY_OPERATIONS.has(extra[0]!.operation), false);
    assert.ok(emu.calls.slice(0, before).every((c) => READ_ONLY_OPERATIONS.has(c.operation)), 'earlier calls were all reads');
    assert.equal(emu.managementCredentials.accessKeyId, MANAGEMENT_ACCESS_KEY_ID);
  });
});
