import test from 'ava';
import { parse } from 'yaml';
import { defaultKubeletConfiguration } from '../../../../src/config/defaults/kubelet.js';
import { clusterDnsIP } from '../../../../src/config/network.js';
import type { Paths } from '../../../../src/config/paths.js';
import type { Config } from '../../../../src/config/types.js';
import { kubeletConfigurationYaml } from '../../../../src/kubelet/files.js';
import { testContext } from '../../../helpers/config.js';

/** The KubeletConfiguration of a run over `config` (the context's kubeletConfiguration() builds it the same way). */
function buildKubeletConfiguration(input: { config: Config; paths: Paths; systemdResolved: boolean }) {
  const { config, paths, systemdResolved } = input;
  const built = defaultKubeletConfiguration({ base: config.kubelet, cluster: config.cluster, manifestsDir: paths.manifestsDir, certificatesDir: paths.certificatesDir, systemdResolved });
  return { ...built, userSupplied: config.kubelet !== undefined };
}

test('kubeadm defaults, with the real paths of this tree', async (t) => {
  const { ctx } = await testContext();
  const { document, warnings, userSupplied } = buildKubeletConfiguration({ config: ctx.config, paths: ctx.paths, systemdResolved: false });
  t.deepEqual(warnings, []);
  t.false(userSupplied);
  t.deepEqual(document, {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    staticPodPath: ctx.paths.manifestsDir,
    clusterDNS: ['10.96.0.10'],
    clusterDomain: 'cluster.local',
    authentication: { x509: { clientCAFile: `${ctx.paths.certificatesDir}/ca.crt` }, anonymous: { enabled: false }, webhook: { enabled: true } },
    authorization: { mode: 'Webhook' },
    healthzBindAddress: '127.0.0.1',
    healthzPort: 10248,
    rotateCertificates: true,
    cgroupDriver: 'systemd',
  });
});

test('resolvConf only when systemd-resolved runs', async (t) => {
  const { ctx } = await testContext();
  t.is(buildKubeletConfiguration({ config: ctx.config, paths: ctx.paths, systemdResolved: true }).document['resolvConf'], '/run/systemd/resolve/resolv.conf');
});

test("the user's document wins, with kubeadm's warnings; rotation is forced on", async (t) => {
  const { ctx } = await testContext();
  const config = {
    ...ctx.config,
    kubelet: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', clusterDNS: ['1.1.1.1'], cgroupDriver: 'cgroupfs', maxPods: 50, rotateCertificates: false, authorization: { mode: 'AlwaysAllow' } },
  };
  const r = buildKubeletConfiguration({ config, paths: ctx.paths, systemdResolved: false });
  t.true(r.userSupplied);
  t.deepEqual(r.document['clusterDNS'], ['1.1.1.1']);
  t.is(r.document['cgroupDriver'], 'cgroupfs');
  t.is(r.document['maxPods'], 50);
  t.is(r.document['rotateCertificates'], true);
  t.deepEqual(r.warnings, [
    'The recommended value for "clusterDNS" in "KubeletConfiguration" is: [10.96.0.10]; the provided value is: [1.1.1.1]',
    'The recommended value for "authorization.mode" in "KubeletConfiguration" is: Webhook; the provided value is: AlwaysAllow',
  ]);
});

test('DNS address is the 10th of the first service subnet', (t) => {
  t.is(clusterDnsIP('10.100.0.0/16,fd00::/108'), '10.100.0.10');
  t.is(clusterDnsIP('fd00:10:96::/112'), 'fd00:10:96::a');
});

test('YAML keys are sorted at every level', async (t) => {
  const { ctx } = await testContext();
  const text = kubeletConfigurationYaml(buildKubeletConfiguration({ config: ctx.config, paths: ctx.paths, systemdResolved: false }).document);
  t.true(text.startsWith('apiVersion: kubelet.config.k8s.io/v1beta1\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n'));
  t.deepEqual(Object.keys(parse(text) as object), Object.keys(parse(text) as object).sort());
});
