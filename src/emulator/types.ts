/** Public vocabulary of the AWS emulator: the organisation data model, faults and the call log. */

export interface EmuFunction {
  name: string;
  /** e.g. `python3.12`. Not sent for Image functions. */
  runtime: string;
  /** Defaults to `lambda_function.lambda_handler`. */
  handler?: string;
  packageType?: 'Zip' | 'Image';
  /** The deployment package. A Zip function without one gets an empty zip. */
  zip?: Buffer;
  /** LayerVersionArns. */
  layers?: string[];
  /** Lambda's format, e.g. `2024-01-15T10:00:00.000+0000`. */
  lastModified?: string;
  architectures?: Array<'x86_64' | 'arm64'>;
  /** Image functions only; a plausible ECR URI is made up when absent. */
  imageUri?: string;
}

export interface EmuLayerVersion {
  /** arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION */
  arn: string;
  zip: Buffer;
}

export interface EmuRegion {
  functions: EmuFunction[];
  layers?: EmuLayerVersion[];
}

export interface EmuAccount {
  /** 12 digits. */
  id: string;
  name: string;
  status?: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  email?: string;
  /** The enabled regions (DescribeRegions answers these keys). */
  regions: Record<string, EmuRegion>;
}

export interface EmuOrganization {
  /** When it is not among `accounts`, ListAccounts still lists it (with no regions), as AWS always does. */
  managementAccountId: string;
  accounts: EmuAccount[];
  /** ListAccounts page size (AWS: 20). */
  accountsPageSize?: number;
}

/** Faults, all off by default. `setFaults` replaces them and restarts the RNG and per-object download counters. */
export interface Faults {
  /** Fraction (0..1) of control-plane calls answered with the service's throttling error. */
  throttleRate?: number;
  /** Seed of the throttling RNG (default 1), so a run is reproducible. */
  seed?: number;
  /** The first N download attempts of each object have their socket reset mid-body. */
  resetDownloads?: number;
  /** The next N attempts of each object (after the resets) send half the body under the full Content-Length, then close. */
  truncateDownloads?: number;
  /** `true`: every download answers 403 AccessDenied (expired). A number: URLs issued from now on live that many seconds. */
  expireUrls?: boolean | number;
  /** Delay between 64 KiB chunks of a download. */
  slowBodyMs?: number;
  /** Every call made with this account's credentials is denied. */
  denyAccounts?: string[];
  /** Lambda calls of this account in this region are denied (like an SCP on aws:RequestedRegion). */
  denyRegions?: Array<{ account: string; region: string }>;
  /** AssumeRole into these accounts is denied. */
  denyAssumeRole?: string[];
  /** ListAccounts / DescribeOrganization answer AWSOrganizationsNotInUseException. */
  noOrganization?: boolean;
}

export interface EmulatorOptions {
  /** Lifetime of Code.Location / Content.Location URLs (default 600, as AWS). */
  urlTtlSeconds?: number;
  /** Upper bound on the lifetime of AssumeRole credentials (default 3600); DurationSeconds below it is honoured. */
  credentialTtlSeconds?: number;
  /** Clock in epoch ms (default Date.now), so tests can move time for expiry. */
  now?: () => number;
}

export type EmuService = 'organizations' | 'sts' | 'ec2' | 'lambda' | 'download' | 'unknown';

export interface CallRecord {
  service: EmuService;
  /** API operation name (`ListFunctions` …), `GetObject` for downloads, or `METHOD /path` when unrecognised. */
  operation: string;
  /** Account of the credentials used (the object's owner for downloads); null for unknown keys. */
  account: string | null;
  /** Region from the SigV4 credential scope (the object's region for downloads). */
  region: string;
  /** Epoch ms, from the emulator clock. */
  at: number;
  /** HTTP status answered, set when the response head is written. */
  status: number;
  /** Error code answered, or the injected download fault (`reset`, `truncated`). */
  error?: string;
  /** Downloads: the function ARN or LayerVersionArn. */
  object?: string;
  /** Downloads: CodeSha256 of the object. */
  codeSha256?: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  calls: CallRecord[];
  /** The faults in force (read-only view; change them with setFaults). */
  readonly faults: Faults;
  setFaults(f: Faults): void;
  /** Live options; changing a field takes effect on the next call. */
  options: Required<EmulatorOptions>;
  stop(): Promise<void>;
  managementCredentials: { accessKeyId: string; secretAccessKey: string };
  /** Non-expiring credentials for any account of the organisation, to call it without AssumeRole. */
  credentialsFor(accountId: string): Credentials;
  /** Download requests per object (function ARN or LayerVersionArn) since start, from `calls`. */
  downloadCounts(): Map<string, number>;
}
