/**
 * The thin shell around the AWS SDK: client construction (endpoint, adaptive retries, pacing,
 * retry events), the starting principal, assumed-role credentials per account, and an outer retry
 * for calls that must not be lost after the SDK gives up.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, FinalizeHandler, FinalizeHandlerArguments, MetadataBearer, Pluggable } from '@smithy/types';
import type { RetryReason } from './classify.js';
import { awsRetryReason, backoffMs } from './classify.js';
import type { RateLimiter } from './rate-limit.js';
import { sleep } from './rate-limit.js';
import type { Redactor } from '../fetch/redact.js';

export interface RetryNotice {
  operation: string;
  reason: RetryReason;
  attempt: number;
  account?: string;
  region?: string;
  target?: string;
}

export interface AwsShellOptions {
  /** Explicit endpoint (the emulator); else the SDK reads AWS_ENDPOINT_URL itself. */
  endpoint?: string;
  profile: string | null;
  limiter: RateLimiter;
  redactor: Redactor;
  onRetry: (notice: RetryNotice) => void;
  /** SDK attempts per call (adaptive mode). */
  maxAttempts?: number;
}

export interface Scope {
  /** null before the caller's account is known (GetCallerIdentity). */
  account: string | null;
  region: string;
}

const SIGNING_MIDDLEWARE = 'httpSigningMiddleware';

/**
 * Runs once per attempt, inside the SDK's retry loop and before signing: paces every attempt
 * through the account+region token bucket and reports each retry the SDK makes.
 */
function auditPlugin(scope: Scope, shell: AwsShellOptions): Pluggable<object, MetadataBearer> {
  return {
    applyToStack(stack) {
      stack.addRelativeTo(
        (next: FinalizeHandler<object, MetadataBearer>, context: { commandName?: string }) => {
          let attempt = 0;
          let lastError: unknown;
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          const cls = operation === 'GetFunction' ? 'getFunction' : 'other';
          return async (args: FinalizeHandlerArguments<object>) => {
            attempt++;
            if (attempt > 1) {
              const reason = awsRetryReason(lastError) ?? 'other';
              shell.onRetry({ operation, reason, attempt, ...(scope.account ? { account: scope.account } : {}), region: scope.region });
            }
            await shell.limiter.take(`${scope.account ?? 'caller'}/${scope.region}`, cls);
            try {
              return await next(args);
            } catch (err) {
              lastError = err;
              throw err;
            }
          };
        },
        { relation: 'before', toMiddleware: SIGNING_MIDDLEWARE, name: 'lambdaAuditPacing', override: true },
      );
    },
  };
}

/** Reuses a credential until 5 minutes before it expires, so a long audit re-assumes the role in time. */
export function memoizeCredentials(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let current: Promise<AwsCredentialIdentity> | null = null;
  let expiresAt = Infinity;
  return async () => {
    if (current && now() < expiresAt - 5 * 60_000) return current;
    const pending = provider();
    current = pending;
    try {
      const creds = await pending;
      expiresAt = creds.expiration ? creds.expiration.getTime() : Infinity;
      return creds;
    } catch (err) {
      // A failed resolution must not stick: the next call tries again.
      if (current === pending) current = null;
      throw err;
    }
  };
}

export class AwsShell {
  /** `us-east-1` unless the environment names a region: the home of STS, Organizations and DescribeRegions calls. */
  readonly homeRegion: string;
  readonly baseCredentials: AwsCredentialIdentityProvider;
  private readonly maxAttempts: number;

  constructor(private readonly opts: AwsShellOptions) {
    this.homeRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
    this.maxAttempts = opts.maxAttempts ?? 10;
    this.baseCredentials = this.remember(fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}));
  }

  /** Memoizes and registers every resolved secret with the redactor. */
  private remember(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
    const memo = memoizeCredentials(provider);
    return async () => {
      const creds = await memo();
      this.opts.redactor.add(creds.accessKeyId, creds.secretAccessKey, creds.sessionToken);
      return creds;
    };
  }

  private config(region: string, credentials: AwsCredentialIdentityProvider) {
    return {
      region,
      credentials,
      retryMode: 'adaptive' as const,
      maxAttempts: this.maxAttempts,
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
    };
  }

  /** Credentials of `account`: the starting principal for its own account, else AssumeRole into `roleArn`. */
  assumeRole(account: string, roleArn: string, externalId: string | null): AwsCredentialIdentityProvider {
    return this.remember(
      fromTemporaryCredentials({
        params: { RoleArn: roleArn, RoleSessionName: 'lambda-audit', ...(externalId ? { ExternalId: externalId } : {}) },
        masterCredentials: this.baseCredentials,
        clientConfig: this.config(this.homeRegion, this.baseCredentials),
        clientPlugins: [auditPlugin({ account, region: this.homeRegion }, this.opts)],
      }),
    );
  }

  sts(account: string | null, credentials: AwsCredentialIdentityProvider): STSClient {
    const c = new STSClient(this.config(this.homeRegion, credentials));
    c.middlewareStack.use(auditPlugin({ account, region: this.homeRegion }, this.opts));
    return c;
  }

  organizations(account: string, credentials: AwsCredentialIdentityProvider): OrganizationsClient {
    // Organizations has a single endpoint in us-east-1 (aws partition).
    const c = new OrganizationsClient(this.config('us-east-1', credentials));
    c.middlewareStack.use(auditPlugin({ account, region: 'us-east-1' }, this.opts));
    return c;
  }

  ec2(account: string, credentials: AwsCredentialIdentityProvider): EC2Client {
    const c = new EC2Client(this.config(this.homeRegion, credentials));
    c.middlewareStack.use(auditPlugin({ account, region: this.homeRegion }, this.opts));
    return c;
  }

  lambda(account: string, region: string, credentials: AwsCredentialIdentityProvider): LambdaClient {
    const c = new LambdaClient(this.config(region, credentials));
    c.middlewareStack.use(auditPlugin({ account, region }, this.opts));
    return c;
  }

  /**
   * Outer retry for throttling, 5xx and network errors that outlived the SDK's own attempts,
   * so a listing page or a GetFunction is not lost to a long throttling spell.
   */
  async withRetry<T>(notice: Omit<RetryNotice, 'reason' | 'attempt'>, call: () => Promise<T>, signal?: AbortSignal, outerAttempts = 5): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const reason = awsRetryReason(err);
        if (reason === null || attempt >= outerAttempts || signal?.aborted) throw err;
        this.opts.onRetry({ ...notice, reason, attempt: attempt + 1 });
        await sleep(backoffMs(attempt, { baseMs: 500, maxMs: 5_000 }), signal);
      }
    }
  }
}
