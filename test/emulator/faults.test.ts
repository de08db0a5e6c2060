import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig, startEmulator, type Credentials, type Emulator } from '../../src/emulator/index.js';

const MGMT = '111122223333';
const DENIED = '444455556666';
const OK = '777788889999';
// Random bytes stand in for a package: the download path does not care what is inside.
const big = randomBytes(3 * 1024 * 1024 + 17);

let emu: Emulator;

before(async () => {
  const regions = (): Record<string, { functions: Array<{ name: string; runtime: string; zip: Buffer }> }> => ({
    'us-east-1': { functions: [{ name: 'big', runtime: 'python3.12', zip: big }] },
    'eu-west-1': { functions: [{ name: 'eu', runtime: 'python3.12', zip: big }] },
  });
  emu = await startEmulator({
    managementAccountId: MGMT,
    accounts: [
      { id: MGMT, name: 'management', regions: regions() },
      { id: DENIED, name: 'denied', regions: regions() },
      { id: OK, name: 'ok', regions: regions() },
    ],
  });
});
after(() => emu.stop());
beforeEach(() => emu.setFaults({}));

async function assume(account: string): Promise<Credentials> {
  const out = await new STSClient(clientConfig(emu)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Audit`, RoleSessionName: 'audit' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

async function codeLocation(): Promise<string> {
  const out = await new LambdaClient(clientConfig(emu)).send(new GetFunctionCommand({ FunctionName: 'big' }));
  return out.Code!.Location!;
}

/** Raw GET so the test sees exactly how the body ended: bytes received, and the error if any. */
function rawGet(url: string): Promise<{ status: number; declared: number; received: number; error: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      let received = 0;
      const done = (error: string | null): void =>
        resolve({ status: res.statusCode ?? 0, declared: Number(res.headers['content-length']), received, error });
      res.on('data', (c: Buffer) => (received += c.length));
      res.on('end', () => done(null));
      res.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('throttling', () => {
  test('each service answers its own throttling error; the SDK surfaces it with retries off', async () => {
    emu.setFaults({ throttleRate: 1 });
    const one = { maxAttempts: 1 };
    const lambda = new LambdaClient(clientConfig(emu, one)).send(new ListFunctionsCommand({}));
    await assert.rejects(lambda, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'TooManyRequestsException');
      assert.equal(e.$metadata?.httpStatusCode, 429);
      return true;
    });
    await assert.rejects(new OrganizationsClient(clientConfig(emu, one)).send(new ListAccountsCommand({})), { name: 'TooManyRequestsException' });
    await assert.rejects(new STSClient(clientConfig(emu, one)).send(new GetCallerIdentityCommand({})), { name: 'Throttling' });
    await assert.rejects(new EC2Client(clientConfig(emu, one)).send(new DescribeRegionsCommand({})), { name: 'RequestLimitExceeded' });
    const throttled = emu.calls.slice(-4);
    assert.deepEqual(
      throttled.map((c) => c.error),
      ['TooManyRequestsException', 'TooManyRequestsException', 'Throttling', 'RequestLimitExceeded'],
    );
  });

  test('a seeded rate is reproducible, and SDK retries get through it', async () => {
    const pattern = async (): Promise<boolean[]> => {
      emu.setFaults({ throttleRate: 0.5, seed: 42 });
      const client = new LambdaClient(clientConfig(emu, { maxAttempts: 1 }));
      const out: boolean[] = [];
      for (let i = 0; i < 16; i++) out.push(await client.send(new ListFunctionsCommand({})).then(() => true, () => false));
      return out;
    };
    const first = await pattern();
    assert.deepEqual(await pattern(), first);
    assert.ok(first.includes(true) && first.includes(false), `mixed outcome expected: ${first.join(',')}`);

    emu.setFaults({ throttleRate: 0.3, seed: 7 });
    const retrying = new LambdaClient(clientConfig(emu, { maxAttempts: 10 }));
    const out = await retrying.send(new ListFunctionsCommand({}));
    assert.equal(out.Functions?.[0]?.FunctionName, 'big');
  });
});

describe('download faults', () => {
  test('resetDownloads resets the first N attempts of each object mid-body, then serves it whole', async () => {
    emu.setFaults({ resetDownloads: 2 });
    const url = await codeLocation();
    for (let i = 0; i < 2; i++) {
      const r = await rawGet(url);
      assert.equal(r.status, 200);
      assert.ok(r.error !== null, 'the body must fail');
      assert.ok(r.received < big.length, `only part of the body arrives (${r.received})`);
    }
    const ok = await fetch(url);
    assert.deepEqual(Buffer.from(await ok.arrayBuffer()), big);
    const object = `arn:aws:lambda:us-east-1:${MGMT}:function:big`;
    assert.equal(emu.downloadCounts().get(object), 3);
    assert.deepEqual(
      emu.calls.filter((c) => c.service === 'download').slice(-3).map((c) => c.error),
      ['reset', 'reset', undefined],
    );
  });

  test('truncateDownloads sends half the body under the full Content-Length, then closes', async () => {
    emu.setFaults({ truncateDownloads: 2 });
    const url = await codeLocation();
    const r = await rawGet(url);
    assert.equal(r.declared, big.length);
    assert.equal(r.received, Math.floor(big.length / 2));
    assert.notEqual(r.error, null);
    await assert.rejects(fetch(url).then((res) => res.arrayBuffer()), 'fetch notices the short body');
    const whole = await rawGet(url);
    assert.deepEqual([whole.received, whole.error], [big.length, null]);
  });

  test('expireUrls: true answers 403 for URLs that are otherwise still valid; a number sets the TTL', async () => {
    const url = await codeLocation();
    emu.setFaults({ expireUrls: true });
    const res = await fetch(url);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>AccessDenied<\/Code>/);
    emu.setFaults({ expireUrls: 0 });
    const fresh = await codeLocation();
    assert.match(fresh, /X-Amz-Expires=0/);
    assert.equal((await fetch(fresh)).status, 403);
    emu.setFaults({});
    assert.equal((await rawGet(url)).received, big.length);
  });

  test('slowBodyMs paces 64 KiB chunks yet delivers every byte', async () => {
    emu.setFaults({ slowBodyMs: 5 });
    const url = await codeLocation();
    const started = Date.now();
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    const elapsed = Date.now() - started;
    assert.deepEqual(bytes, big);
    assert.ok(elapsed >= 48 * 5, `took ${elapsed} ms for ${Math.ceil(big.length / 65536)} chunks`);
  });

  test('16 concurrent downloads of one package all arrive intact', async () => {
    const urls = await Promise.all(Array.from({ length: 16 }, () => codeLocation()));
    const bodies = await Promise.all(urls.map(async (u) => Buffer.from(await (await fetch(u)).arrayBuffer())));
    assert.ok(bodies.every((b) => b.equals(big)));
  });
});

describe('access faults', () => {
  test('denyAccounts denies every call made with that account’s credentials', async () => {
    emu.setFaults({ denyAccounts: [DENIED] });
    const denied = await assume(DENIED);
    await assert.rejects(new LambdaClient(clientConfig(emu, { credentials: denied })).send(new ListFunctionsCommand({})), {
      name: 'AccessDeniedException',
    });
    await assert.rejects(new EC2Client(clientConfig(emu, { credentials: denied })).send(new DescribeRegionsCommand({})), {
      name: 'UnauthorizedOperation',
    });
    const ok = await assume(OK);
    const out = await new LambdaClient(clientConfig(emu, { credentials: ok })).send(new ListFunctionsCommand({}));
    assert.equal(out.Functions?.length, 1);
  });

  test('denyRegions denies Lambda in one region of one account only', async () => {
    emu.setFaults({ denyRegions: [{ account: OK, region: 'eu-west-1' }] });
    const ok = await assume(OK);
    await assert.rejects(new LambdaClient(clientConfig(emu, { credentials: ok, region: 'eu-west-1' })).send(new ListFunctionsCommand({})), {
      name: 'AccessDeniedException',
    });
    const east = await new LambdaClient(clientConfig(emu, { credentials: ok })).send(new ListFunctionsCommand({}));
    assert.equal(east.Functions?.length, 1);
    const mgmtEu = await new LambdaClient(clientConfig(emu, { region: 'eu-west-1' })).send(new ListFunctionsCommand({}));
    assert.equal(mgmtEu.Functions?.[0]?.FunctionName, 'eu');
  });

  test('denyAssumeRole refuses AssumeRole into that account with STS AccessDenied', async () => {
    emu.setFaults({ denyAssumeRole: [DENIED] });
    await assert.rejects(assume(DENIED), (e: Error) => {
      assert.equal(e.name, 'AccessDenied');
      assert.match(e.message, /not authorized to perform: sts:AssumeRole/);
      return true;
    });
    assert.match((await assume(OK)).accessKeyId, new RegExp(`^ASIA${OK}`));
    await assert.rejects(
      new STSClient(clientConfig(emu)).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/Audit', RoleSessionName: 'xx' })),
      { name: 'AccessDenied' },
      'accounts outside the organization are denied too',
    );
  });

  test('noOrganization makes Organizations answer AWSOrganizationsNotInUseException', async () => {
    emu.setFaults({ noOrganization: true });
    await assert.rejects(new OrganizationsClient(clientConfig(emu)).send(new ListAccountsCommand({})), {
      name: 'AWSOrganizationsNotInUseException',
    });
  });
});
