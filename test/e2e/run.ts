/**
 * Entry of the end-to-end suite (`npm test`, `npm run test:e2e`). The suite needs root (network
 * namespaces), iproute2 and etcd, and the Kubernetes binaries built by test/e2e/provision/provision.sh.
 * Where they are missing it says so and skips — except in CI (CI set), where that is a failure.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { missingKubernetesBinaries } from './harness/paths.js';

function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'it needs root (it creates network namespaces)';
  for (const tool of ['ip', 'etcd', 'etcdctl', 'kubectl', 'openssl']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) return `the Kubernetes binaries ${missing.join(', ')} are not built yet (run test/e2e/provision/provision.sh)`;
  return undefined;
}

const reason = unavailable();
if (reason) {
  const ci = Boolean(process.env['CI']);
  process.stdout.write(`end-to-end suite ${ci ? 'cannot run' : 'skipped'}: ${reason}\n`);
  process.exit(ci ? 1 : 0);
}
const ava = join(PROJECT_ROOT, 'node_modules', 'ava', 'entrypoints', 'cli.mjs');
const run = spawnSync(process.execPath, [ava, '--config', 'ava.e2e.config.js', ...process.argv.slice(2)], { cwd: PROJECT_ROOT, stdio: 'inherit' });
process.exit(run.status ?? 1);
