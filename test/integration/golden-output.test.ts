/**
 * Pins what minikubeadm writes and prints for fixed configurations: the offline tree (static Pod
 * manifests, kubeconfig structure, the kubelet's config.yaml and kubeadm-flags.env, file modes), the
 * `config print` documents and a whole `init --dry-run -v 1`. Only what is random by nature is
 * masked (keys, certificates and their sizes, the CA pin); everything else must stay byte-identical.
 * `MINIKUBEADM_UPDATE_GOLDEN=1 npm run test:unit` rewrites test/fixtures/golden/ after a deliberate
 * change of output.
 */
import test from 'ava';
import { execa } from 'execa';
import { chmod, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { initPhases } from '../../phases/init/index.js';
import { loadConfigImpl } from '../../src/config/pipeline.js';
import { PROJECT_ROOT, resolvePaths } from '../../src/config/paths.js';
import { Fs } from '../../src/host/fs.js';
import { realHost } from '../../src/host/system.js';
import { memoryLogger } from '../../src/log.js';
import { KeyPool, type KeyPair, generateKey, privateKeyToPem } from '../../src/pki/keys.js';
import { createContext } from '../../src/workflow/context.js';
import { runPhases } from '../../src/workflow/runner.js';

const CLI = resolve('dist/src/cli/main.js');
const GOLDEN = resolve('test/fixtures/golden');
const UPDATE = process.env['MINIKUBEADM_UPDATE_GOLDEN'] === '1';
const ONLINE = 'preflight,wait-kubelet,upload-config,upload-certs,mark-master,bootstrap-token,kubelet-finalize,addons,show-join-command';

const FULL = `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
bootstrapTokens:
- token: abcdef.0123456789abcdef
  description: golden token
  ttl: 2h
localAPIEndpoint: {advertiseAddress: 192.0.2.10, bindPort: 6443}
nodeRegistration:
  name: cp-1
  kubeletExtraArgs:
  - {name: node-ip, value: 192.0.2.10}
  - {name: max-pods, value: "150"}
  taints: [{key: example.com/dedicated, value: infra, effect: NoSchedule}]
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
controlPlaneEndpoint: cp.example.internal:6443
clusterName: golden
certificateValidityPeriod: 4380h
networking: {podSubnet: 10.244.0.0/16, serviceSubnet: 10.96.0.0/12, dnsDomain: cluster.example}
apiServer:
  certSANs: [cp.example.internal, 192.0.2.100, "*.cp.example.internal"]
  extraArgs:
  - {name: audit-log-path, value: /var/log/kubernetes/audit.log}
  - {name: authorization-mode, value: "Node,RBAC,Bogus"}
  extraVolumes:
  - {name: audit-log, hostPath: /var/log/kubernetes, mountPath: /var/log/kubernetes, pathType: DirectoryOrCreate}
  extraEnvs:
  - {name: GODEBUG, value: "x509sha1=1"}
controllerManager:
  extraArgs: [{name: node-cidr-mask-size-ipv4, value: "25"}, {name: bind-address, value: 0.0.0.0}]
scheduler:
  extraArgs: [{name: v, value: "2"}]
etcd:
  local:
    serverCertSANs: [192.0.2.11]
    extraArgs: [{name: listen-metrics-urls, value: "http://127.0.0.1:2382"}]
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
maxPods: 150
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
`;

const IPV6 = `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
bootstrapTokens: [{token: abcdef.0123456789abcdef}]
localAPIEndpoint: {advertiseAddress: "2001:db8::10", bindPort: 6443}
nodeRegistration: {name: cp-six}
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking: {podSubnet: "fd00:10:244::/56", serviceSubnet: "fd00:10:96::/112"}
`;

interface Scenario {
  name: string;
  /** Config file text, or a path under examples/. */
  config?: string;
  example?: string;
  args: string[];
  /** Record the tree written under the kubernetes dir. */
  tree: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'full-offline', config: FULL, args: ['init', '--skip-phases', ONLINE], tree: true },
  { name: 'ipv6-offline', config: IPV6, args: ['init', '--skip-phases', ONLINE], tree: true },
  { name: 'external-etcd-offline', example: 'external-etcd.yaml', args: ['init', '--skip-phases', `${ONLINE},certs,kubeconfig`], tree: true },
  { name: 'ha-stacked-etcd-offline', example: 'ha-stacked-etcd.yaml', args: ['init', '--skip-phases', ONLINE], tree: true },
  { name: 'v1beta3-offline', example: 'v1beta3-legacy.yaml', args: ['init', '--skip-phases', ONLINE], tree: true },
  { name: 'full-dry-run', config: FULL, args: ['init', '--dry-run', '-v', '1', '--skip-phases', 'preflight'], tree: false },
  { name: 'ha-dry-run', example: 'ha-stacked-etcd.yaml', args: ['init', '--dry-run', '--skip-phases', 'preflight'], tree: false },
  { name: 'phase-control-plane-apiserver', config: FULL, args: ['init', 'phase', 'control-plane', 'apiserver'], tree: true },
  { name: 'phase-etcd-local-dry-run', config: FULL, args: ['init', 'phase', 'etcd', 'local', '--dry-run', '-v', '1'], tree: false },
  { name: 'print-init-defaults', args: ['config', 'print', 'init-defaults', '--component-configs', 'KubeletConfiguration,KubeProxyConfiguration'], tree: false },
  { name: 'print-join-defaults', args: ['config', 'print', 'join-defaults', '--kubernetes-dir', '/srv/k8s'], tree: false },
];

/** Volumes of the CA directories that exist on some hosts only (kubeadm mounts those present). */
const HOST_CA_VOLUME = /\n(?:  )?- hostPath:\n\s+path: (?:\/etc\/pki\/\S+|\/etc\/ca-certificates|\/usr\/share\/ca-certificates|\/usr\/local\/share\/ca-certificates)\n\s+type: DirectoryOrCreate\n\s+name: \S+/g;
const HOST_CA_MOUNT = /\n\s+- mountPath: (?:\/etc\/pki\/\S+|\/etc\/ca-certificates|\/usr\/share\/ca-certificates|\/usr\/local\/share\/ca-certificates)\n\s+name: \S+\n\s+readOnly: true/g;

function normalize(text: string, dir: string): string {
  return text
    .replaceAll(dir, '<dir>')
    // Messages that name a shipped example (examples/…) carry the checkout's path.
    .replaceAll(PROJECT_ROOT, '<project>')
    .replace(/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----\n?/g, '<PEM $1>\n')
    .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<hash>')
    // A generated bootstrap token (the configs that pin one use abcdef.0123456789abcdef).
    .replace(/\b(?!abcdef\.)[a-z0-9]{6}\.(?:[a-z0-9]{16}\b|\*{16})/g, '<generated token>')
    .replace(/\bbootstrap-token-(?!abcdef\b)[a-z0-9]{6}\b/g, 'bootstrap-token-<generated id>')
    .replace(/(-data: )[A-Za-z0-9+/=]+/g, '$1<data>')
    .replace(/(" \(mode \d+, )\d+( bytes\))/g, "$1N$2")
    .replace(HOST_CA_VOLUME, '')
    .replace(HOST_CA_MOUNT, '');
}

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else out.push(p);
    }
  };
  await visit(root);
  return out;
}

/** A supervisor that says the kubelet is stopped and accepts every command, so kubelet-start restarts it. */
async function supervisorIn(dir: string): Promise<string> {
  const supervisor = join(dir, 'kubelet-service');
  await writeFile(supervisor, '#!/bin/sh\ncase "$1" in is-active) exit 3;; *) exit 0;; esac\n');
  await chmod(supervisor, 0o755);
  return supervisor;
}

/** The files of a run, as the golden files list them. */
async function treeParts(dir: string): Promise<string[]> {
  const parts: string[] = [];
  for (const file of await walk(dir)) {
    const rel = relative(dir, file);
    if (rel === 'cluster.yaml' || rel === 'kubelet-service') continue;
    const mode = ((await stat(file)).mode & 0o7777).toString(8).padStart(4, '0');
    parts.push(`--- file ${rel} (${mode})`);
    if (!rel.includes('/pki/')) parts.push((await readFile(file, 'utf8')).replace(/\n$/, ''));
  }
  return parts;
}

async function runScenario(s: Scenario): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mka-golden-'));
  const supervisor = await supervisorIn(dir);
  const args = [...s.args];
  if (s.config !== undefined || s.example !== undefined) {
    const config = s.example ? resolve('examples', s.example) : join(dir, 'cluster.yaml');
    if (s.config !== undefined) await writeFile(config, s.config);
    args.push('--config', config, '--kubernetes-dir', join(dir, 'k'), '--kubelet-dir', join(dir, 'kubelet'));
  }
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, MINIKUBEADM_KUBELET_SERVICE: supervisor };
  const run = await execa('node', [CLI, ...args], { reject: false, env, extendEnv: false, cwd: dir });
  const parts = [`$ minikubeadm ${s.args.join(' ')}`, `exit ${run.exitCode}`, '--- stdout', run.stdout, '--- stderr', run.stderr];
  if (s.tree) parts.push(...(await treeParts(dir)));
  return `${normalize(parts.join('\n'), dir)}\n`;
}

for (const s of SCENARIOS) {
  test(`output of ${s.name} is unchanged`, async (t) => {
    const actual = await runScenario(s);
    const file = join(GOLDEN, `${s.name}.txt`);
    if (UPDATE) {
      await writeFile(file, actual);
      t.pass();
      return;
    }
    const expected = await readFile(file, 'utf8');
    t.is(actual, expected, `differs from ${relative(process.cwd(), file)} (rerun with MINIKUBEADM_UPDATE_GOLDEN=1 after a deliberate change)`);
  });
}

test('with a fixed key source, the offline init run in-process writes the golden tree, and every key is that source\'s', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-golden-fixed-'));
  const supervisor = await supervisorIn(dir);
  const file = join(dir, 'cluster.yaml');
  await writeFile(file, FULL);
  const fixed: KeyPair = await generateKey({ type: 'rsa', bits: 2048 });
  const { log, out } = memoryLogger();
  const config = await loadConfigImpl({ file, kubernetesDir: join(dir, 'k'), command: 'init' }, { cwd: dir, log: memoryLogger().log });
  const paths = resolvePaths(config, { kubernetesDir: join(dir, 'k'), kubeletDir: join(dir, 'kubelet') });
  const host = realHost({ PATH: process.env['PATH'], MINIKUBEADM_KUBELET_SERVICE: supervisor });
  const ctx = createContext({ command: 'init', config, paths, log, fs: new Fs({ log: log.withPrefix('dryrun') }), host, keys: new KeyPool(async () => fixed) });
  await runPhases(initPhases, ctx, { skip: ONLINE.split(',') });
  const golden = await readFile(join(GOLDEN, 'full-offline.txt'), 'utf8');
  const expected = golden.slice(golden.indexOf('--- stdout\n') + '--- stdout\n'.length).replace('\n--- stderr\n\n', '\n');
  t.is(`${normalize([out().replace(/\n$/, ''), ...(await treeParts(dir))].join('\n'), dir)}\n`, expected);
  const keyFiles = (await walk(join(dir, 'k', 'pki'))).filter((f) => f.endsWith('.key'));
  t.is(keyFiles.length, 11);
  for (const f of keyFiles) t.is(await readFile(f, 'utf8'), privateKeyToPem(fixed.privateKey), relative(dir, f));
});
