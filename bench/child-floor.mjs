// Bench child: the I/O floor. Lists every function (untimed), then GetFunction + a plain download of each
// distinct package at the same concurrency as the audit (timed). Prints bytes, wall ms and peak RSS.
import { peakRssKiB } from './peak-rss.mjs';
import { LambdaClient, GetFunctionCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';

const [endpoint, concurrency, ...accounts] = process.argv.slice(2);
const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const sts = new STSClient({ endpoint, region: 'us-east-1' });
const distinct = new Map();
for (const account of accounts) {
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/LambdaAuditReadOnly`, RoleSessionName: 'floor' }));
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  for (const region of regions) {
    const client = new LambdaClient({ endpoint, region, credentials });
    for await (const page of paginateListFunctions({ client }, {})) {
      for (const fn of page.Functions ?? []) if (!distinct.has(fn.CodeSha256)) distinct.set(fn.CodeSha256, { client, name: fn.FunctionName });
    }
  }
}
const limit = pLimit(Number(concurrency));
let bytes = 0;
const started = performance.now();
await Promise.all(
  [...distinct.values()].map(({ client, name }) =>
    limit(async () => {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      const res = await fetch(fn.Code.Location);
      bytes += (await res.arrayBuffer()).byteLength;
    }),
  ),
);
console.log(JSON.stringify({ wallMs: performance.now() - started, bytes, packages: distinct.size, maxRssKiB: peakRssKiB() }));
