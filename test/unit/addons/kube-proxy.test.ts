import test from 'ava';
import { KUBE_PROXY_TEMPLATES, kubeProxyData } from '../../../src/addons/kube-proxy.js';
import { defaultKubeProxyConfiguration } from '../../../src/config/defaults/kube-proxy.js';
import type { Config } from '../../../src/config/types.js';
import { inClusterKubeconfig } from '../../../src/kubeconfig/in-cluster.js';
import { testConfig } from '../../helpers/config.js';

const buildKubeProxyConfiguration = (config: Config) =>
  defaultKubeProxyConfiguration({ base: config.kubeProxy, advertiseAddress: config.init.localAPIEndpoint.advertiseAddress, podSubnet: config.cluster.networking.podSubnet });
import { render } from './render.js';

test('kube-proxy renders the objects kubeadm creates, valid against the schema', async (t) => {
  const config = testConfig('/k', { cluster: { networking: { podSubnet: '10.244.0.0/16' } } });
  const built = buildKubeProxyConfiguration(config);
  t.deepEqual(built.warnings, []);
  const objects = await render(KUBE_PROXY_TEMPLATES, kubeProxyData(config.cluster, 'https://192.0.2.10:6443', built.document));
  t.deepEqual(
    objects.map((o) => `${o.kind}/${o.metadata.name}`),
    ['ServiceAccount/kube-proxy', 'ClusterRoleBinding/kubeadm:node-proxier', 'Role/kube-proxy', 'RoleBinding/kube-proxy', 'ConfigMap/kube-proxy', 'DaemonSet/kube-proxy'],
  );
  const cm = objects.find((o) => o.kind === 'ConfigMap')!;
  const data = cm['data'] as Record<string, string>;
  t.true(data['config.conf']!.includes('clusterCIDR: 10.244.0.0/16'));
  t.true(data['config.conf']!.includes('kubeconfig: /var/lib/kube-proxy/kubeconfig.conf'));
  t.is(data['kubeconfig.conf'], inClusterKubeconfig('https://192.0.2.10:6443'));
  const ds = objects.find((o) => o.kind === 'DaemonSet')! as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
  t.is(ds.spec.template.spec.containers[0]!.image, `registry.k8s.io/kube-proxy:${config.cluster.kubernetesVersion}`);
});

test('kube-proxy: bind address follows the advertise address family; user values win with a warning', (t) => {
  const v6 = testConfig('/k', { init: { localAPIEndpoint: { advertiseAddress: 'fd00::10', bindPort: 6443 } } });
  t.is(buildKubeProxyConfiguration(v6).document['bindAddress'], '::');
  const user = testConfig('/k');
  user.kubeProxy = { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', bindAddress: '10.0.0.1', mode: 'ipvs' };
  const built = buildKubeProxyConfiguration(user);
  t.is(built.document['bindAddress'], '10.0.0.1');
  t.is(built.document['mode'], 'ipvs');
  t.is(built.warnings.length, 1);
  t.true(built.warnings[0]!.includes('"bindAddress"'));
});
