import { startEmulator, type Emulator } from '../emulator/index.js';
import { DEMO_DENIED_REGION, demoOrganization } from './organization.js';

/**
 * Starts the emulator on 127.0.0.1 with the demo organization and points the AWS SDK's default
 * credential chain and endpoint at it, so the real `scan` code runs unchanged.
 */
export async function startDemo(env: NodeJS.ProcessEnv = process.env): Promise<Emulator> {
  const emulator = await startEmulator(demoOrganization(), { denyRegions: [DEMO_DENIED_REGION] });
  for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete env[key];
  env.AWS_ACCESS_KEY_ID = emulator.managementCredentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = emulator.managementCredentials.secretAccessKey;
  env.AWS_REGION = 'us-east-1';
  env.AWS_ENDPOINT_URL = emulator.url;
  return emulator;
}
