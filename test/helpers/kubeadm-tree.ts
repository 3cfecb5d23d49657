/**
 * A PKI and kubeconfig files written by real kubeadm v1.20.2 (`init phase certs all` and
 * `kubeconfig all` into a directory), for interoperability tests. Without the cached binary these
 * tests are skipped with the reason, except in CI (CI set), where they run and fail.
 */
import { execFile } from 'node:child_process';
import { accessSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test, { type ImplementationFn } from 'ava';
import { cachedKubeadm } from './cli.js';

const exec = promisify(execFile);

export const KUBEADM = cachedKubeadm();

const present = (() => {
  try {
    accessSync(KUBEADM);
    return true;
  } catch {
    return false;
  }
})();

/** `test`, or `test.skip` with a warning naming the missing binary (never skipped under CI). */
export function withKubeadm(file: string, title: string, fn: ImplementationFn<[]>): void {
  if (present || process.env['CI']) {
    test(title, fn);
    return;
  }
  console.warn(`${file}: skipped "${title}": ${KUBEADM} is not built (run test/e2e/provision/provision.sh)`);
  test.skip(title, fn);
}

export async function kubeadmTree(dir: string): Promise<void> {
  const common = ['--cert-dir', join(dir, 'pki'), '--apiserver-advertise-address', '10.0.0.1', '--kubernetes-version', 'v1.20.2'];
  await exec(KUBEADM, ['init', 'phase', 'certs', 'all', ...common], { timeout: 120_000 });
  await exec(KUBEADM, ['init', 'phase', 'kubeconfig', 'all', '--kubeconfig-dir', dir, ...common], { timeout: 120_000 });
}
