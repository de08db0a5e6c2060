/** The emulator's mutable state and the per-request context its handlers receive. */
import type { ServerResponse } from 'node:http';
import type { CallRecord, EmulatorOptions, EmuOrganization, Faults } from './types.js';

/** Who a key belongs to. */
export interface Identity {
  account: string;
  /** IAM principal, as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
  /** Epoch ms; null for long-term keys. */
  expiresAt: number | null;
}

/** A presigned-looking download URL that was handed out. */
export interface CodeUrl {
  object: string;
  zip: Buffer;
  account: string;
  region: string;
  expiresAt: number;
  signature: string;
}

export interface State {
  org: EmuOrganization;
  faults: Faults;
  options: Required<EmulatorOptions>;
  random: () => number;
  keys: Map<string, Identity>;
  codeUrls: Map<string, CodeUrl>;
  /** Download attempts per object since the last setFaults. */
  attempts: Map<string, number>;
  calls: CallRecord[];
  baseUrl: string;
}

export interface Ctx {
  state: State;
  res: ServerResponse;
  identity: Identity;
  /** From the SigV4 credential scope. */
  region: string;
  /** Form fields (query protocols) or the query string (Lambda). */
  params: URLSearchParams;
  /** The awsJson request body. */
  json: Record<string, unknown>;
  /** Decoded REST path labels (Lambda). */
  labels: readonly string[];
}

export type Handler = (ctx: Ctx) => void;
