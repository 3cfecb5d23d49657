/** The built CLI run as a child process (exit code, stdout and stderr kept). */
import { execa } from 'execa';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve('dist/src/cli/main.js');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const r = await execa('node', [CLI, ...args], { reject: false, env: options.env, input: options.input ?? '', timeout: options.timeoutMs ?? 120_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The kubeadm v1.20.2 binary the e2e provisioning caches, for interoperability tests. */
export function cachedKubeadm(): string {
  const cache = process.env['MINIKUBEADM_CACHE'] || join(homedir(), '.cache', 'minikubeadm');
  return join(cache, 'kubernetes-v1.20.2', 'bin', 'kubeadm');
}
