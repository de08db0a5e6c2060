// Bench child: the I/O floor. Lists every function (untimed), then GetFunction + a plain download of each
// distinct package at the same concurrency as the audit (timed). Prints bytes, wall ms and peak RSS.
import { peakRssKiB } from './peak-rss.mjs';
import { LambdaClient, GetFunctionCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import { Agent, get } from 'node:http';
import { createHash } from 'node:crypto';

// mode `http`: node:http, bytes counted and dropped (the strict floor); `hash`: the same plus the SHA-256
// every auditor must check against CodeSha256; `fetch`: fetch + arrayBuffer(), the way a plain download
// is usually written, holding each package in memory.
const [mode, endpoint, concurrency, ...accounts] = process.argv.slice(2);
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
// The plainest fast download: node:http with keep-alive, chunks counted and dropped (no hash, no buffer).
const agent = new Agent({ keepAlive: true });
const download = (url) =>
  new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let n = 0;
      const hash = mode === 'hash' ? createHash('sha256') : null;
      res.on('data', (chunk) => {
        n += chunk.length;
        hash?.update(chunk);
      });
      res.on('end', () => {
        hash?.digest();
        resolve(n);
      });
      res.on('error', reject);
    }).on('error', reject);
  });
const limit = pLimit(Number(concurrency));
let bytes = 0;
const started = performance.now();
await Promise.all(
  [...distinct.values()].map(({ client, name }) =>
    limit(async () => {
      const fn = await client.send(new GetFunctionCommand({ FunctionName: name }));
      const n = mode === 'fetch' ? (await (await fetch(fn.Code.Location)).arrayBuffer()).byteLength : await download(fn.Code.Location);
      bytes += n;
    }),
  ),
);
console.log(JSON.stringify({ wallMs: performance.now() - started, bytes, packages: distinct.size, maxRssKiB: peakRssKiB() }));
