// Run last, on its own, by test/e2e/run.ts once every other end-to-end file has finished: nothing of
// the suite is left on the machine (no process, mount, network namespace or cgroup of a finished
// run, no saved kernel settings still held), the kubelet's host sysctls are what they were before
// the suite, and the machine's own kubelet, CNI, pod-log, kubeadm and containerd directories are
// exactly as they were before the suite started (run.ts recorded them).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { cgroupMounts } from './nodes/host.js';
import { hostPathStates, leftovers } from './nodes/leftovers.js';
import { currentKubeletSysctls, savedKubeletSysctls } from './nodes/sysctls.js';

export const HOST_STATE_ENV = 'MINIKUBEADM_E2E_HOST_STATE';

interface Before {
  paths: ReturnType<typeof hostPathStates>;
  sysctls: Record<string, string>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Prefixes "mka-<pid>-<hex>-" of finished runs that still own something on the machine. */
function deadPrefixes(): string[] {
  const names = new Set<string>();
  const add = (text: string): void => {
    for (const m of text.matchAll(/mka-(\d+)-([0-9a-f]{6})-/g)) if (!alive(Number(m[1]))) names.add(m[0]);
  };
  // A failed test keeps its directory (logs) but not its record: only recorded runs count.
  for (const entry of readdirSync(tmpdir())) if (existsSync(join(tmpdir(), entry, 'record.json'))) add(entry);
  add(readFileSync('/proc/self/mountinfo', 'utf8'));
  add(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '');
  for (const h of cgroupMounts()) add(readdirSync(h).join(' '));
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      add(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      // exited
    }
  }
  return [...names];
}

test('after the suite, nothing of it is left and the machine\'s own directories are untouched', (t) => {
  t.deepEqual(deadPrefixes(), [], 'no finished run still has a record, process, mount, network namespace or cgroup');
  for (const prefix of deadPrefixes()) t.log(prefix, JSON.stringify(leftovers(prefix)));
  const file = process.env[HOST_STATE_ENV];
  t.truthy(file, `${HOST_STATE_ENV} names the state recorded before the suite (run the suite with npm run test:e2e)`);
  if (!file) return;
  const before = JSON.parse(readFileSync(file, 'utf8')) as Before;
  const now = hostPathStates();
  for (const [path, state] of Object.entries(before.paths)) {
    t.deepEqual(now[path], state, `${path}: ${state.exists ? 'unchanged' : 'still absent'}`);
  }
  if (savedKubeletSysctls() === undefined) t.deepEqual(currentKubeletSysctls(), before.sysctls, 'the kubelet\'s host sysctls are back');
  else t.log('another live run holds the kubelet sysctls; they are restored when it ends');
});
