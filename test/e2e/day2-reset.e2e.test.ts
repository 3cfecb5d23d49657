// reset on a node set up by init (one control-plane node of the existing e2e harness, stacked etcd
// as its only member): nothing init wrote remains (manifests, kubeconfig files, PKI, kubelet files,
// etcd data), the kubelet is stopped through MINIKUBEADM_KUBELET_SERVICE (a supervisor script
// here, the real kubelet's service on real nodes), the control plane goes away with its manifests,
// and reset ends with what it did not clean. Self-contained: it needs InitCluster's
// create/init/exec/stop and the node's directories.
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { listNetns } from './harness/netns.js';
import { missingKubernetesBinaries } from './harness/paths.js';
import { CLI, InitCluster } from './init/cluster.js';

let cluster: InitCluster | undefined;
let failed = false;
const c = (): InitCluster => {
  if (!cluster) throw new Error('the cluster was not set up (see the before hook)');
  return cluster;
};

/** Every file under `dir`, relative to it. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name), join(rel, e.name));
      else out.push(join(rel, e.name));
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Polls the API server's /readyz with admin.conf (bounded: two minutes). */
async function apiServerReady(node: InitCluster): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const r = await node.kubectl(['get', '--raw', '/readyz'], { kubeconfig: node.adminConf, allowFailure: true });
    if (r.stdout.trim() === 'ok') return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error('the API server did not become ready within 2 minutes');
}

test.before(async (t) => {
  const missing = missingKubernetesBinaries();
  if (missing.length > 0) throw new Error(`missing Kubernetes binaries ${missing.join(', ')}: run test/e2e/provision/build-kubernetes.sh`);
  cluster = await InitCluster.create({ token: 'e2e7e5.0123456789e2e7e5' });
  t.log(`node ${cluster.node.ns} (${cluster.node.ip}), files in ${cluster.dir}`);
  cluster.registerNodeInBackground();
  const init = await cluster.init(['--ignore-preflight-errors=all']);
  if (init.exitCode !== 0) throw new Error(`init failed (${init.exitCode}):\n${init.stderr}\n${init.stdout}`);
  await apiServerReady(cluster);
});

test.afterEach.always((t) => {
  if (!t.passed) failed = true;
});

test.after.always(async (t) => {
  if (!cluster) return;
  await cluster.stop();
  t.deepEqual((await listNetns()).filter((ns) => ns.startsWith(cluster!.net.prefix)), [], 'no namespace of this test is left');
  if (failed) t.log(`kept ${cluster.dir} (component logs in ${cluster.logDir})`);
  else await cluster.removeFiles();
});

test.serial('after reset nothing init wrote remains, the kubelet is stopped and the control plane is gone', async (t) => {
  const etcdData = join(c().dir, 'etcd-data');
  const wrote = { kubernetes: await files(c().kubernetesDir), kubelet: await files(c().kubeletDir), etcd: await files(etcdData) };
  t.true(wrote.kubernetes.includes('pki/ca.key') && wrote.kubernetes.includes('manifests/etcd.yaml') && wrote.kubernetes.includes('admin.conf'), 'init wrote its files');
  t.true(wrote.kubelet.includes('config.yaml') && wrote.etcd.length > 0);

  // The kubelet's service manager: a supervisor that keeps its state in a file.
  const supervisor = join(c().dir, 'kubelet-service');
  const state = join(c().dir, 'kubelet-state');
  await writeFile(state, 'active\n');
  await writeFile(supervisor, `#!/bin/sh\necho "$1" >> ${state}.log\ncase "$1" in\n  is-active) [ "$(cat ${state})" = active ] && exit 0; exit 3 ;;\n  stop) echo inactive > ${state} ;;\n  restart) echo active > ${state} ;;\nesac\n`);
  await chmod(supervisor, 0o755);
  await writeFile(join(c().kubernetesDir, 'audit-policy.yaml'), 'not written by init\n');

  const r = await c().exec('env', [`MINIKUBEADM_KUBELET_SERVICE=${supervisor}`, process.execPath, CLI, 'reset', '--force', '--kubernetes-dir', c().kubernetesDir, '--kubelet-dir', c().kubeletDir, '-v', '1']);
  t.is(r.exitCode, 0, `${r.stderr}\n${r.stdout}`);
  t.regex(r.stderr, /\[etcd\] This is the only remaining etcd member in the etcd cluster, skip removing it/);
  t.true(r.stdout.includes(`[reset] Deleted contents of the etcd data directory: ${etcdData}\n`));
  t.regex(r.stdout, /\[reset\] Stopping the kubelet service\n/);
  t.regex(r.stdout, /The reset process does not clean CNI configuration\. To do so, you must remove \/etc\/cni\/net\.d/);
  t.regex(r.stdout, /Please, check the contents of the \$HOME\/\.kube\/config file\.$/m);

  t.deepEqual(await files(c().kubernetesDir), ['audit-policy.yaml'], 'of the kubernetes dir, only what init did not write is left');
  t.deepEqual(await files(c().kubeletDir), []);
  t.deepEqual(await files(etcdData), []);
  t.deepEqual((await readFile(`${state}.log`, 'utf8')).trim().split('\n'), ['is-active', 'stop']);
  t.is((await c().exec(supervisor, ['is-active'])).exitCode, 3, 'the kubelet is stopped');

  // Without its manifests the control plane stops (the kubelet's file source stops the static Pods).
  const answers = async (url: string): Promise<boolean> => (await c().exec('curl', ['-sk', '--max-time', '3', '-o', '/dev/null', url])).exitCode === 0;
  let gone = false;
  for (let i = 0; i < 120 && !gone; i++) {
    gone = !(await answers(`${c().server}/livez`)) && !(await answers(`https://${c().node.ip}:2379/health`));
    if (!gone) await new Promise((res) => setTimeout(res, 500));
  }
  t.true(gone, 'neither the API server nor etcd answers any more');
});
