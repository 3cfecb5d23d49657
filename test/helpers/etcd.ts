import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The installed etcd's release as an image tag (`3.5.16-0`), for tests that run the etcd binary
 * of this machine from our manifest's command line: the manifest is rendered for the etcd that
 * runs it, so its version-dependent flags (pre-3.6 or 3.6) are the ones that binary accepts.
 */
export async function installedEtcdTag(): Promise<string> {
  const { stdout } = await promisify(execFile)('etcd', ['--version'], { timeout: 30_000 });
  const m = /etcd Version: (\d+\.\d+\.\d+)/.exec(stdout);
  if (!m) throw new Error('etcd --version printed no version');
  return `${m[1]}-0`;
}
