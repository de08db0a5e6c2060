/** AWS wire-protocol emulator for tests, the benchmark and the demo. */
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
