/**
 * AWS wire-protocol emulator for tests, the benchmark and the demo: real SDK v3 clients talk to it over HTTP.
 *
 *   const emu = await startEmulator({ managementAccountId: '111122223333', accounts: [...] }, { throttleRate: 0.1 });
 *   const lambda = new LambdaClient(clientConfig(emu));          // or AWS_ENDPOINT_URL=emu.url + management keys in env
 *   ...
 *   assert.ok(emu.calls.every((c) => READ_ONLY_OPERATIONS.has(c.operation)));
 *   await emu.stop();
 */
export { MANAGEMENT_ACCESS_KEY_ID, MANAGEMENT_SECRET_ACCESS_KEY, READ_ONLY_OPERATIONS, clientConfig, startEmulator } from './server.js';
export { EMPTY_ZIP, codeSha256, zipOf } from './model.js';
export type { ClientConfig } from './server.js';
export type {
  CallRecord,
  Credentials,
  Emulator,
  EmulatorOptions,
  EmuAccount,
  EmuFunction,
  EmuLayerVersion,
  EmuOrganization,
  EmuRegion,
  EmuService,
  Faults,
} from './types.js';
