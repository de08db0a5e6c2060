/** Bench child: serves the synthetic organization until stdin closes; prints its URL and keys first. */
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import { benchOrganization } from './fleet-org.js';

const { org, distinctBytes } = benchOrganization(join(process.argv[2]!, '.cache', 'debian'));
const emulator = await startEmulator(org);
console.log(JSON.stringify({ url: emulator.url, credentials: emulator.managementCredentials, distinctBytes }));
process.stdin.resume();
process.stdin.on('end', () => void emulator.stop().then(() => process.exit(0)));
