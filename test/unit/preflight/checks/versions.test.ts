import test from 'ava';
import { DEFAULT_KUBERNETES_VERSION, MIN_EXTERNAL_ETCD_VERSION } from '../../../../src/config/constants.js';
import { MIN_KUBELET_VERSION, TOOL_VERSION, etcdVersionUrl, externalEtcdVersionCheck, kubeletVersionCheck, kubernetesVersionCheck } from '../../../../src/preflight/checks/versions.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

const next = `v${TOOL_VERSION.major}.${TOOL_VERSION.minor + 1}.0`;
const kubelet = (stdout: string) => fixtureHost('healthy', { commands: { 'kubelet --version': { stdout } } });

test('KubernetesVersion passes for the targeted release and warns beyond it', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(kubernetesVersionCheck, fixtureHost('healthy'), plan), { name: 'KubernetesVersion', passed: true });
  const r = await runOne(kubernetesVersionCheck, fixtureHost('healthy'), { ...plan, kubernetesVersion: `${next}-alpha.1` });
  t.like(r, { name: 'KubernetesVersion', severity: 'warning', passed: false });
  t.is(r.message, `Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes version: ${next.slice(1)}-alpha.1. Kubeadm version: ${TOOL_VERSION.major}.${TOOL_VERSION.minor}.x`);
  t.truthy(r.hint);
  t.like(await runOne(kubernetesVersionCheck, fixtureHost('healthy'), { ...plan, kubernetesVersion: 'stable' }), { severity: 'error', passed: false });
});

test('KubeletVersion passes for a kubelet of the control plane minor', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(kubeletVersionCheck, kubelet(`Kubernetes ${DEFAULT_KUBERNETES_VERSION}\n`), plan), { name: 'KubeletVersion', passed: true, message: `kubelet ${DEFAULT_KUBERNETES_VERSION}` });
});

test('KubeletVersion fails for a missing, too old, too new or unreadable kubelet', async (t) => {
  const plan = await defaultPlan();
  const missing = await runOne(kubeletVersionCheck, fixtureHost('healthy', { binaries: { kubelet: null }, commands: { 'kubelet --version': null } }), plan);
  t.like(missing, { name: 'KubeletVersion', severity: 'error', passed: false, message: "couldn't get kubelet version: cannot execute 'kubelet --version': executable file not found in $PATH" });
  t.regex(missing.hint!, /install kubelet/);
  const old = await runOne(kubeletVersionCheck, fixtureHost('broken'), plan);
  t.like(old, { passed: false, message: `Kubelet version "1.26.0" is lower than kubeadm can support. Please upgrade kubelet` });
  t.regex(old.hint!, new RegExp(`v${MIN_KUBELET_VERSION.major}\\.${MIN_KUBELET_VERSION.minor}\\.0`));
  const newer = await runOne(kubeletVersionCheck, kubelet(`Kubernetes ${next}\n`), plan);
  t.regex(newer.message, /^the kubelet version is higher than the control plane version/);
  t.like(await runOne(kubeletVersionCheck, kubelet('garbage'), plan), { passed: false, message: `couldn't get kubelet version: Unable to parse output from Kubelet: "garbage"` });
  const hung = fixtureHost('healthy', { commands: { 'kubelet --version': { timedOut: true, exitCode: -1 } } });
  t.regex((await runOne(kubeletVersionCheck, hung, plan)).message, /did not finish within 10s/);
});

test('KubeletVersion: the oldest kubelet is three minors below the configured version, not below this build', async (t) => {
  const v131 = await defaultPlan({ cluster: { kubernetesVersion: 'v1.31.14' } });
  t.like(await runOne(kubeletVersionCheck, kubelet('Kubernetes v1.28.3\n'), v131), { passed: true });
  const tooOld = await runOne(kubeletVersionCheck, kubelet('Kubernetes v1.27.9\n'), v131);
  t.like(tooOld, { passed: false, message: 'Kubelet version "1.27.9" is lower than kubeadm can support. Please upgrade kubelet' });
  t.regex(tooOld.hint!, /the oldest supported is v1\.28\.0/);
  t.like(await runOne(kubeletVersionCheck, kubelet('Kubernetes v1.33.0\n'), await defaultPlan()), { passed: false }, 'v1.37 takes v1.34 kubelets and newer');
});

test('a worker join has no control plane version, so only the minimum applies', async (t) => {
  const plan = await defaultPlan();
  t.true((await runOne(kubeletVersionCheck, kubelet(`Kubernetes ${next}\n`), { ...plan, kubernetesVersion: undefined })).passed);
});

const external = { endpoints: ['https://10.0.0.5:2379'], caFile: '/etc/etcd-client/ca.crt', certFile: '/etc/etcd-client/client.crt', keyFile: '/etc/etcd-client/client.key' };

test('ExternalEtcdVersion passes when every endpoint runs a new enough etcd', async (t) => {
  const plan = { ...(await defaultPlan()), etcd: { external } };
  const host = fixtureHost('healthy', { http: { 'https://10.0.0.5:2379/version': { status: 200, body: '{"etcdserver":"3.5.24","etcdcluster":"3.5.0"}' } } });
  t.like(await runOne(externalEtcdVersionCheck(() => true), host, plan), { name: 'ExternalEtcdVersion', passed: true });
});

test('ExternalEtcdVersion fails for an old or unreachable etcd', async (t) => {
  const plan = { ...(await defaultPlan()), etcd: { external: { ...external, endpoints: ['https://10.0.0.5:2379', 'https://10.0.0.6:2379/'] } } };
  const host = fixtureHost('healthy', { http: { 'https://10.0.0.5:2379/version': { status: 200, body: '{"etcdserver":"3.4.30","etcdcluster":"3.4.0"}' } } });
  const r = await runOne(externalEtcdVersionCheck(() => true), host, plan);
  t.like(r, { name: 'ExternalEtcdVersion', severity: 'error', passed: false });
  t.is(
    r.message,
    `this version of minikubeadm only supports external etcd version >= ${MIN_EXTERNAL_ETCD_VERSION}. Current version: 3.4.30; Get "https://10.0.0.6:2379/version": dial tcp 10.0.0.6:2379: connect: connection refused`,
  );
  t.regex(r.hint!, /etcd\.external/);
  t.is(etcdVersionUrl('https://a:2379/'), 'https://a:2379/version');
});
