import { spawn } from 'node:child_process';

export interface ChildResult<T> {
  /** Wall time of the whole child process, start to exit, in ms. */
  wallMs: number;
  /** What the child printed as its last stdout line, parsed as JSON. */
  result: T;
}

/** Runs a child process and parses the JSON object it prints last; the child reports its own peak RSS. */
export function runChild<T>(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve({ wallMs, result: JSON.parse(last) as T });
      } catch {
        reject(new Error(`${command} printed no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

export const mb = (bytes: number): number => bytes / 1_048_576;
export const fmt = (n: number, digits = 1): string => n.toFixed(digits);

