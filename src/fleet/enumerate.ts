/** Listing calls of the fleet audit: caller identity, organisation accounts, enabled regions, functions. All read-only. */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListFunctionsCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsShell } from './aws.js';
import type { OrgAccount } from './plan.js';

export async function callerAccount(shell: AwsShell, signal?: AbortSignal): Promise<{ account: string; arn: string | null }> {
  const sts = shell.sts(null, shell.baseCredentials);
  const out = await shell.withRetry({ operation: 'GetCallerIdentity' }, () => sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal }), signal);
  if (!out.Account) throw new Error('GetCallerIdentity returned no account');
  return { account: out.Account, arn: out.Arn ?? null };
}

/** Every page of Organizations ListAccounts; throws the SDK error (AccessDenied, AWSOrganizationsNotInUseException …). */
export async function listOrgAccounts(shell: AwsShell, caller: string, signal?: AbortSignal): Promise<OrgAccount[]> {
  const org = shell.organizations(caller, shell.baseCredentials);
  const out: OrgAccount[] = [];
  let token: string | undefined;
  do {
    if (signal?.aborted) throw signal.reason;
    const page = await shell.withRetry(
      { operation: 'ListAccounts', account: caller },
      () => org.send(new ListAccountsCommand({ NextToken: token }), { abortSignal: signal }),
      signal,
    );
    for (const a of page.Accounts ?? []) {
      if (a.Id) out.push({ id: a.Id, name: a.Name ?? null, status: a.State ?? a.Status ?? 'ACTIVE' });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

/** The regions enabled in `account`, seen with that account's credentials. */
export async function listRegions(shell: AwsShell, account: string, credentials: AwsCredentialIdentityProvider, signal?: AbortSignal): Promise<string[]> {
  const ec2 = shell.ec2(account, credentials);
  // AllRegions false (the default): only regions enabled for this account.
  const out = await shell.withRetry(
    { operation: 'DescribeRegions', account, region: shell.homeRegion },
    () => ec2.send(new DescribeRegionsCommand({ AllRegions: false }), { abortSignal: signal }),
    signal,
  );
  return (out.Regions ?? []).flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}

/** Every function of one account+region ($LATEST), page by page with an outer retry per page so none is lost. */
export async function listFunctions(shell: AwsShell, client: LambdaClient, account: string, region: string, signal?: AbortSignal): Promise<FunctionConfiguration[]> {
  const out: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    if (signal?.aborted) throw signal.reason;
    const page = await shell.withRetry(
      { operation: 'ListFunctions', account, region },
      () => client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }), { abortSignal: signal }),
      signal,
      8,
    );
    out.push(...(page.Functions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return out;
}
