/**
 * Every supported minor rendered and pinned against the reference's differences (v1.31–v1.37):
 * static Pods written by the real etcd and control-plane phases, kubeadm-flags.env, the image
 * list, the preflight rules and the config formats. The expectations are written out here by
 * hand, so a change to a row of src/versions/table.ts shows up as a failing minor.
 */
import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initPhases } from '../../../phases/init/index.js';
import { parseYaml } from '../../../src/yaml.js';
import { kubeletEnvFile } from '../../../src/kubelet/flags.js';
import { controlPlaneImages } from '../../../src/manifests/image-list.js';
import { featureEnabled, keepsUserArgOrder, releaseFor, usesKubeletAPIAdminRole } from '../../../src/versions/release.js';
import { RELEASES } from '../../../src/versions/table.js';
import { EXECUTABLE_SETS } from '../../../src/preflight/executables.js';
import { runPhases } from '../../../src/workflow/runner.js';
import { testContext } from '../../helpers/config.js';
import { V3, doc, load } from '../config/helpers.js';

interface Pinned {
  latest: string;
  pause: string;
  etcd: string;
  coreDNS: string;
  /** `3.6`: --feature-gates=InitialCorruptCheck=true and --watch-progress-notify-interval; `3.5`: the --experimental-* flags. */
  etcdFlags: '3.5' | '3.6';
  namedProbePort: boolean;
  podInfraFlag: boolean;
  /** --container-runtime-endpoint in kubeadm-flags.env (false: instance-config.yaml, NodeLocalCRISocket). */
  criFlag: boolean;
  kubeletLocalMode: boolean;
  waitForAll: boolean;
  /** User extraArgs keep their order at the newest known patch. */
  userArgOrder: boolean;
  /** The API server's kubelet client is bound to system:kubelet-api-admin at the newest known patch. */
  kubeletAPIAdmin: boolean;
  executables: string[];
  kernel: 'error' | 'warning';
  cgroupV1: 'warning' | 'error';
  v1beta3: 'converted' | 'refused';
  httpEndpoints: boolean;
  /** Gates the config may still set. */
  gates: string[];
}

const PRE_133 = ['ip', 'iptables', 'mount', 'nsenter', 'ethtool', 'tc', 'touch'];
const SINCE_133 = ['mount', 'losetup', 'cp'];

const PINNED: Record<number, Pinned> = {
  31: {
    latest: 'v1.31.14', pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.11.3', etcdFlags: '3.5', namedProbePort: false, podInfraFlag: true, criFlag: true,
    kubeletLocalMode: false, waitForAll: false, userArgOrder: false, kubeletAPIAdmin: false, executables: ['conntrack', ...PRE_133], kernel: 'error', cgroupV1: 'warning', v1beta3: 'converted',
    httpEndpoints: false, gates: ['ControlPlaneKubeletLocalMode', 'EtcdLearnerMode', 'RootlessControlPlane', 'WaitForAllControlPlaneComponents'],
  },
  32: {
    latest: 'v1.32.4', pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.11.3', etcdFlags: '3.5', namedProbePort: false, podInfraFlag: true, criFlag: true,
    kubeletLocalMode: false, waitForAll: false, userArgOrder: false, kubeletAPIAdmin: false, executables: PRE_133, kernel: 'error', cgroupV1: 'warning', v1beta3: 'converted',
    httpEndpoints: false, gates: ['ControlPlaneKubeletLocalMode', 'EtcdLearnerMode', 'NodeLocalCRISocket', 'RootlessControlPlane', 'WaitForAllControlPlaneComponents'],
  },
  33: {
    latest: 'v1.33.13', pause: '3.10', etcd: '3.5.24-0', coreDNS: 'v1.12.0', etcdFlags: '3.5', namedProbePort: false, podInfraFlag: true, criFlag: true,
    kubeletLocalMode: true, waitForAll: true, userArgOrder: false, kubeletAPIAdmin: true, executables: SINCE_133, kernel: 'error', cgroupV1: 'warning', v1beta3: 'converted',
    httpEndpoints: false, gates: ['ControlPlaneKubeletLocalMode', 'NodeLocalCRISocket', 'RootlessControlPlane', 'WaitForAllControlPlaneComponents'],
  },
  34: {
    latest: 'v1.34.11', pause: '3.10.1', etcd: '3.6.5-0', coreDNS: 'v1.12.1', etcdFlags: '3.6', namedProbePort: true, podInfraFlag: true, criFlag: false,
    kubeletLocalMode: true, waitForAll: true, userArgOrder: false, kubeletAPIAdmin: true, executables: SINCE_133, kernel: 'warning', cgroupV1: 'warning', v1beta3: 'converted',
    httpEndpoints: false, gates: ['ControlPlaneKubeletLocalMode', 'NodeLocalCRISocket', 'RootlessControlPlane', 'WaitForAllControlPlaneComponents'],
  },
  35: {
    latest: 'v1.35.8', pause: '3.10.1', etcd: '3.6.6-0', coreDNS: 'v1.13.1', etcdFlags: '3.6', namedProbePort: true, podInfraFlag: false, criFlag: false,
    kubeletLocalMode: true, waitForAll: true, userArgOrder: true, kubeletAPIAdmin: true, executables: SINCE_133, kernel: 'warning', cgroupV1: 'error', v1beta3: 'converted',
    httpEndpoints: true, gates: ['ControlPlaneKubeletLocalMode', 'NodeLocalCRISocket', 'RootlessControlPlane'],
  },
  36: {
    latest: 'v1.36.3', pause: '3.10.1', etcd: '3.6.9-0', coreDNS: 'v1.14.2', etcdFlags: '3.6', namedProbePort: true, podInfraFlag: false, criFlag: false,
    kubeletLocalMode: true, waitForAll: true, userArgOrder: true, kubeletAPIAdmin: true, executables: SINCE_133, kernel: 'warning', cgroupV1: 'error', v1beta3: 'converted',
    httpEndpoints: true, gates: ['NodeLocalCRISocket', 'RootlessControlPlane'],
  },
  37: {
    latest: 'v1.37.0', pause: '3.10.1', etcd: '3.6.9-0', coreDNS: 'v1.14.2', etcdFlags: '3.6', namedProbePort: true, podInfraFlag: false, criFlag: false,
    kubeletLocalMode: true, waitForAll: true, userArgOrder: true, kubeletAPIAdmin: true, executables: SINCE_133, kernel: 'warning', cgroupV1: 'error', v1beta3: 'refused',
    httpEndpoints: true, gates: ['RootlessControlPlane'],
  },
};

test('the table covers exactly v1.31–v1.37, in order, and each minor is pinned here', (t) => {
  t.deepEqual(RELEASES.map((r) => r.minor), [31, 32, 33, 34, 35, 36, 37]);
  t.deepEqual(Object.keys(PINNED).map(Number), RELEASES.map((r) => r.minor));
});

type PodDoc = { spec: { containers: { command: string[]; image: string; ports?: { name: string; containerPort: number }[]; livenessProbe: { httpGet: { port: number | string } } }[] } };

for (const release of RELEASES) {
  const p = PINNED[release.minor]!;
  const version = p.latest;

  test(`v1.${release.minor}: stable-1.${release.minor} resolves to ${version}; the phases render its static Pods; images and kubelet flags`, async (t) => {
    const { config } = await load(doc('ClusterConfiguration', `kubernetesVersion: stable-1.${release.minor}\n`));
    t.is(config.cluster.kubernetesVersion, version);
    t.is(usesKubeletAPIAdminRole(version), p.kubeletAPIAdmin, 'the kubelet client role');

    const { ctx, paths } = await testContext({ cluster: { kubernetesVersion: version } });
    await runPhases(initPhases, ctx, { only: 'etcd' });
    await runPhases(initPhases, ctx, { only: 'control-plane' });
    const pod = async (name: string): Promise<PodDoc['spec']['containers'][number]> =>
      (parseYaml(await readFile(join(paths.manifestsDir, `${name}.yaml`), 'utf8')) as PodDoc).spec.containers[0]!;

    const etcd = await pod('etcd');
    t.is(etcd.image, `registry.k8s.io/etcd:${p.etcd}`);
    const spelled = p.etcdFlags === '3.6' ? ['--feature-gates=InitialCorruptCheck=true', '--watch-progress-notify-interval=5s'] : ['--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s'];
    for (const f of spelled) t.true(etcd.command.includes(f), f);
    t.false(etcd.command.some((c) => (p.etcdFlags === '3.6' ? c.startsWith('--experimental-') : c.startsWith('--feature-gates='))));

    for (const [name, port] of [['etcd', 2381], ['kube-apiserver', 6443], ['kube-controller-manager', 10257], ['kube-scheduler', 10259]] as const) {
      const c = await pod(name);
      if (p.namedProbePort) {
        t.is(c.livenessProbe.httpGet.port, 'probe-port', name);
        t.deepEqual(c.ports, [{ containerPort: port, name: 'probe-port', protocol: 'TCP' }], name);
      } else {
        t.is(c.livenessProbe.httpGet.port, port, name);
        t.is(c.ports, undefined, name);
      }
    }
    t.is((await pod('kube-apiserver')).image, `registry.k8s.io/kube-apiserver:${version}`);

    t.deepEqual(controlPlaneImages(ctx.config.cluster).images, [
      `registry.k8s.io/kube-apiserver:${version}`,
      `registry.k8s.io/kube-controller-manager:${version}`,
      `registry.k8s.io/kube-scheduler:${version}`,
      `registry.k8s.io/kube-proxy:${version}`,
      `registry.k8s.io/coredns/coredns:${p.coreDNS}`,
      `registry.k8s.io/pause:${p.pause}`,
      `registry.k8s.io/etcd:${p.etcd}`,
    ]);

    const env = kubeletEnvFile({ nodeRegistration: { ...ctx.config.init.nodeRegistration, criSocket: 'unix:///run/c.sock' }, cluster: ctx.config.cluster }, ctx.config.init.nodeRegistration.name);
    t.is(env.includes(`--pod-infra-container-image=registry.k8s.io/pause:${p.pause}`), p.podInfraFlag, 'pod-infra-container-image');
    t.is(env.includes('--container-runtime-endpoint=unix:///run/c.sock'), p.criFlag, 'container-runtime-endpoint');
  });

  test(`v1.${release.minor}: feature gates, extraArgs order, preflight rules and config formats`, async (t) => {
    const r = releaseFor(version);
    t.is(featureEnabled(version, {}, 'ControlPlaneKubeletLocalMode'), p.kubeletLocalMode);
    t.is(featureEnabled(version, {}, 'WaitForAllControlPlaneComponents'), p.waitForAll);
    t.is(featureEnabled(version, {}, 'NodeLocalCRISocket'), !p.criFlag);
    t.deepEqual(Object.entries(r.featureGates).filter(([, s]) => s.stage !== 'removed').map(([g]) => g).sort(), p.gates);
    t.is(keepsUserArgOrder(version), p.userArgOrder);
    t.deepEqual(EXECUTABLE_SETS[r.preflight.executables].map((e) => e.name), p.executables);
    t.is(r.preflight.kernelVersion, p.kernel);
    t.is(r.preflight.cgroupV1, p.cgroupV1);

    const v3 = [doc('InitConfiguration', '', V3), doc('ClusterConfiguration', `kubernetesVersion: ${version}\n`, V3)].join('---\n');
    if (p.v1beta3 === 'converted') {
      const { warnings } = await load(v3);
      t.regex(warnings, /deprecated API version kubeadm\.k8s\.io\/v1beta3/);
    } else {
      await t.throwsAsync(load(v3), { message: /kubeadm\.k8s\.io\/v1beta3 was removed in Kubernetes v1\.37: run `minikubeadm config migrate/ });
    }
    const external = `kubernetesVersion: ${version}\netcd:\n  external:\n    endpoints: [http://10.0.0.5:2379]\n    httpEndpoints: [http://10.0.0.5:2382]\n`;
    if (p.httpEndpoints) {
      const { config } = await load(doc('ClusterConfiguration', external));
      t.deepEqual(config.cluster.etcd.external!.httpEndpoints, ['http://10.0.0.5:2382']);
    } else {
      await t.throwsAsync(load(doc('ClusterConfiguration', external)), { message: /httpEndpoints: is known from Kubernetes v1\.35 on/ });
    }
  });
}
