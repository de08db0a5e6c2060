/** A real pseudo-terminal for end-to-end tests: a private tmux server driven with send-keys and capture-pane. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** A private tmux server whose socket lives in a temporary folder, removed with it. */
export function tmuxSession(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `la-${name}-e2e-`));
  const socket = join(dir, 'tmux.sock');
  const tmux = (...args: string[]) => {
    const r = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  async function waitFor(pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = screen();
      if (pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what} (${pattern}); screen:\n${last}`);
  }
  const kill = () => {
    spawnSync('tmux', ['-S', socket, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, tmux, screen, waitFor, kill };
}

/** The command for a tmux pane: Ink renders only a final frame when it believes it runs in CI, so CI is unset. */
export function paneCommand(args: string, env = ''): string {
  return `env -u CI -u CONTINUOUS_INTEGRATION -u NO_COLOR TERM=xterm-256color ${env} ${process.execPath} --import tsx ${args}; echo "EXIT:$?"; sleep 60`;
}

