import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import { initChecks, joinChecks } from '../../../src/preflight/lists.js';
import { planForInit, planForJoin } from '../../../src/preflight/plan.js';
import type { PreflightPlan } from '../../../src/preflight/types.js';
import { type TestContext, testContext } from '../../helpers/config.js';
import { defaultPathsContext, defaultPlan } from './helpers.js';

const names = (plan: PreflightPlan, list = initChecks(plan)): string[] => list.map((c) => c.name);

/** The executables of the default version (v1.33 and later). */
const COMMON = [
  'CRI',
  'Swap',
  'FileExisting-mount',
  'FileExisting-losetup',
  'FileExisting-cp',
  'SystemVerification',
  'Hostname',
  'KubeletVersion',
  'Service-Kubelet',
  'Port-10250',
];

test('init with local etcd: kubeadm names in kubeadm order, named after the real paths', async (t) => {
  t.deepEqual(names(await defaultPlan()), [
    'IsPrivilegedUser',
    'NumCPU',
    'Mem',
    'KubernetesVersion',
    'Firewalld',
    'Port-6443',
    'Port-10259',
    'Port-10257',
    'FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml',
    'FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml',
    'FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml',
    'FileAvailable--etc-kubernetes-manifests-etcd.yaml',
    'HTTPProxy',
    'HTTPProxyCIDR',
    ...COMMON,
    'FileContent--proc-sys-net-ipv4-ip_forward',
    'Port-2379',
    'Port-2380',
    'DirAvailable--var-lib-etcd',
  ]);
});

test('names follow --kubernetes-dir, the etcd dataDir and the bind port', async (t) => {
  const { ctx, dir }: TestContext = await testContext({ init: { localAPIEndpoint: { bindPort: 16443 } } });
  const list = names(planForInit(ctx.config, ctx.paths));
  const dashed = dir.replaceAll('/', '-');
  t.true(list.includes('Port-16443'));
  t.false(list.includes('Port-6443'));
  t.true(list.includes(`FileAvailable-${dashed}-manifests-kube-apiserver.yaml`));
  t.true(list.includes(`DirAvailable-${dashed}-etcd`));
});

test('conntrack is required below v1.32 only', async (t) => {
  const plan = await defaultPlan();
  t.false(names({ ...plan, kubernetesVersion: 'v1.32.0' }).includes('FileExisting-conntrack'));
  const old = names({ ...plan, kubernetesVersion: 'v1.31.9' });
  t.is(old.indexOf('FileExisting-conntrack'), old.indexOf('FileExisting-ip') - 1);
  t.is(initChecks({ ...plan, kubernetesVersion: 'v1.31.9' }).find((c) => c.name === 'FileExisting-conntrack')!.severity, 'error');
});

const executables = (plan: PreflightPlan): string[] => names(plan).filter((n) => n.startsWith('FileExisting-'));

test('the executables each minor checks: v1.31 adds conntrack, v1.33 drops ip, iptables, nsenter, ethtool, tc, touch and adds losetup, cp', async (t) => {
  const plan = await defaultPlan();
  const pre133 = ['FileExisting-ip', 'FileExisting-iptables', 'FileExisting-mount', 'FileExisting-nsenter', 'FileExisting-ethtool', 'FileExisting-tc', 'FileExisting-touch'];
  t.deepEqual(executables({ ...plan, kubernetesVersion: 'v1.31.14' }), ['FileExisting-conntrack', ...pre133]);
  t.deepEqual(executables({ ...plan, kubernetesVersion: 'v1.32.4' }), pre133);
  for (const v of ['v1.33.0', 'v1.34.1', 'v1.35.2', 'v1.36.0', 'v1.37.0']) {
    t.deepEqual(executables({ ...plan, kubernetesVersion: v }), ['FileExisting-mount', 'FileExisting-losetup', 'FileExisting-cp'], v);
  }
});

test('severities: mandatory executables are errors, optional ones warnings', async (t) => {
  const list = initChecks(await defaultPlan());
  const sev = (n: string) => list.find((c) => c.name === n)!.severity;
  t.is(sev('FileExisting-losetup'), 'error');
  t.is(sev('FileExisting-cp'), 'error');
  const old = initChecks({ ...(await defaultPlan()), kubernetesVersion: 'v1.32.4' });
  t.is(old.find((c) => c.name === 'FileExisting-ip')!.severity, 'error');
  t.is(old.find((c) => c.name === 'FileExisting-touch')!.severity, 'warning');
  t.is(sev('Swap'), 'warning');
  t.is(sev('Firewalld'), 'warning');
  t.is(sev('SystemVerification'), 'error');
});

test('IPv6 subnets add the IPv6 forwarding check', async (t) => {
  const plan = await defaultPlan();
  const dual = names({ ...plan, podSubnet: '10.244.0.0/16,fd00:10:244::/56' });
  t.true(dual.includes('FileContent--proc-sys-net-ipv4-ip_forward'));
  t.true(dual.includes('FileContent--proc-sys-net-ipv6-conf-default-forwarding'));
  const v6 = names({ ...plan, serviceSubnet: 'fd00:10:96::/112', advertiseAddress: '2001:db8::10' });
  t.false(v6.includes('FileContent--proc-sys-net-ipv4-ip_forward'));
  t.true(v6.includes('FileContent--proc-sys-net-ipv6-conf-default-forwarding'));
});

test('external etcd swaps the etcd ports and data dir for the version and certificate checks', async (t) => {
  const plan = await defaultPlan();
  const ext = { endpoints: ['https://10.0.0.5:2379'], caFile: '/etc/etcd/ca.crt', certFile: '/etc/etcd/c.crt', keyFile: '/etc/etcd/c.key' };
  const list = names({ ...plan, etcd: { external: ext } });
  t.false(list.includes('Port-2379'));
  t.false(list.some((n) => n.startsWith('DirAvailable')));
  t.deepEqual(list.slice(-2), ['ExternalEtcdVersion', 'ExternalEtcdClientCertificates']);
});

async function joinContext(join: Record<string, unknown>) {
  const { ctx } = await defaultPathsContext();
  const config = {
    ...ctx.config,
    join: {
      dryRun: false,
      nodeRegistration: ctx.config.init.nodeRegistration,
      caCertPath: '/etc/kubernetes/pki/ca.crt',
      discovery: { bootstrapToken: { token: 'abcdef.0123456789abcdef', apiServerEndpoint: '192.0.2.1:6443', caCertHashes: [], unsafeSkipCAVerification: true }, tlsBootstrapToken: '' },
      skipPhases: [],
      timeouts: ctx.config.init.timeouts,
      ...join,
    },
  };
  return { ...ctx, command: 'join' as const, config };
}

test('worker join: kubelet kubeconfigs, common checks without a version, the CA file, proxy and forwarding for the endpoint', async (t) => {
  const ctx = await joinContext({});
  const plan = planForJoin(ctx.config, ctx.paths);
  t.deepEqual(names(plan, joinChecks(plan)), [
    'IsPrivilegedUser',
    'FileAvailable--etc-kubernetes-kubelet.conf',
    'FileAvailable--etc-kubernetes-bootstrap-kubelet.conf',
    ...COMMON,
    'FileAvailable--etc-kubernetes-pki-ca.crt',
    'HTTPProxy',
    'FileContent--proc-sys-net-ipv4-ip_forward',
  ]);
});

test('control-plane join: join checks, then the init node checks without the common ones again', async (t) => {
  const ctx = await joinContext({ controlPlane: { localAPIEndpoint: { advertiseAddress: '192.0.2.11', bindPort: 6443 }, certificateKey: '' } });
  const cluster = { ...ctx.config.cluster, controlPlaneEndpoint: 'cp.example:6443' };
  const list = names(planForJoin(ctx.config, ctx.paths, { clusterConfiguration: cluster }), joinChecks(planForJoin(ctx.config, ctx.paths, { clusterConfiguration: cluster })));
  t.false(list.includes('FileAvailable--etc-kubernetes-pki-ca.crt'));
  t.is(list.filter((n) => n === 'CRI').length, 1);
  t.is(list.filter((n) => n === 'IsPrivilegedUser').length, 1);
  for (const n of ['NumCPU', 'Mem', 'Port-6443', 'FileAvailable--etc-kubernetes-manifests-etcd.yaml', 'Port-2379', 'DirAvailable--var-lib-etcd']) t.true(list.includes(n), n);
  t.is(list.filter((n) => n === 'FileContent--proc-sys-net-ipv4-ip_forward').length, 1);
});

test('control-plane join refuses a cluster without controlPlaneEndpoint, and no ignore list is consulted', async (t) => {
  const ctx = await joinContext({ controlPlane: { localAPIEndpoint: { advertiseAddress: '192.0.2.11', bindPort: 6443 }, certificateKey: '' } });
  const plan = planForJoin(ctx.config, ctx.paths, { clusterConfiguration: { ...ctx.config.cluster, controlPlaneEndpoint: '' } });
  const e = t.throws(() => joinChecks(plan), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PREFLIGHT_FAILED');
  t.is(e?.message, "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address");
  t.regex(e?.hint ?? '', /controlPlaneEndpoint/);
});

test('join without a JoinConfiguration is a config error', async (t) => {
  const { ctx } = await defaultPathsContext();
  t.throws(() => planForJoin(ctx.config, ctx.paths), { message: /JoinConfiguration/ });
});
