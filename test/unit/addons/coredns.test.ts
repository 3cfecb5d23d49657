import test from 'ava';
import { COREDNS_TEMPLATES, COREFILE_TEMPLATE, corednsData, corednsImage } from '../../../src/addons/coredns.js';
import { renderText } from '../../../src/addons/render.js';
import { BUILTIN_TEMPLATES_DIR } from '../../../src/config/paths.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { releaseFor } from '../../../src/versions/release.js';

const COREDNS_VERSION = releaseFor(DEFAULT_KUBERNETES_VERSION).images.coreDNS;
import { testConfig } from '../../helpers/config.js';
import { render } from './render.js';

/** kubeadm's Corefile (v1.31/v1.32: plain `cache 30`) for the cluster domain `corp.example`. */
const KUBEADM_COREFILE = [
  '.:53 {',
  '    errors',
  '    health {',
  '       lameduck 5s',
  '    }',
  '    ready',
  '    kubernetes corp.example in-addr.arpa ip6.arpa {',
  '       pods insecure',
  '       fallthrough in-addr.arpa ip6.arpa',
  '       ttl 30',
  '    }',
  '    prometheus :9153',
  '    forward . /etc/resolv.conf {',
  '       max_concurrent 1000',
  '    }',
  '    cache 30',
  '    loop',
  '    reload',
  '    loadbalance',
  '}',
  '',
].join('\n');

const corefile = (dnsDomain: string): Promise<string> => renderText(COREFILE_TEMPLATE, { dnsDomain }, { builtinTemplatesDir: BUILTIN_TEMPLATES_DIR });

test('CoreDNS renders the objects kubeadm creates, valid against the schema', async (t) => {
  const cluster = testConfig('/k', { cluster: { networking: { serviceSubnet: '10.100.0.0/16', dnsDomain: 'corp.example' } } }).cluster;
  const objects = await render(COREDNS_TEMPLATES, corednsData(cluster, await corefile(cluster.networking.dnsDomain)));
  t.deepEqual(
    objects.map((o) => `${o.kind}/${o.metadata.name}`),
    ['ConfigMap/coredns', 'ClusterRole/system:coredns', 'ClusterRoleBinding/system:coredns', 'ServiceAccount/coredns', 'Deployment/coredns', 'Service/kube-dns'],
  );
  const svc = objects.find((o) => o.kind === 'Service')!;
  t.is((svc['spec'] as { clusterIP: string }).clusterIP, '10.100.0.10');
  const cm = objects.find((o) => o.kind === 'ConfigMap')!;
  const text = (cm['data'] as { Corefile: string }).Corefile;
  t.true(text.includes('    kubernetes corp.example in-addr.arpa ip6.arpa {\n'));
  t.is(text, KUBEADM_COREFILE);
  const dep = objects.find((o) => o.kind === 'Deployment')! as unknown as { spec: { replicas: number; template: { spec: { containers: { image: string }[]; tolerations: { key?: string }[] } } } };
  t.is(dep.spec.replicas, 2);
  t.is(dep.spec.template.spec.containers[0]!.image, `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`);
  t.true(dep.spec.template.spec.tolerations.some((x) => x.key === 'node-role.kubernetes.io/control-plane'));
});

test('CoreDNS keeps a scaled replica count', (t) => {
  t.is(corednsData(testConfig('/k').cluster, '', 5).replicas, 5);
});

test('a config value cannot add YAML structure to the Corefile ConfigMap', async (t) => {
  const cluster = testConfig('/k', { cluster: { networking: { dnsDomain: 'x\nevil: true' } } }).cluster;
  const [cm] = await render([COREDNS_TEMPLATES[0]!], corednsData(cluster, await corefile(cluster.networking.dnsDomain)));
  t.deepEqual(Object.keys(cm!['data'] as object), ['Corefile']);
  t.false(Object.keys(cm!).includes('evil'));
});

const image = test.macro((t, repo: string | undefined, dnsRepo: string | undefined, tag: string | undefined, expected: string) => {
  t.is(corednsImage({ imageRepository: repo ?? 'registry.k8s.io', kubernetesVersion: DEFAULT_KUBERNETES_VERSION, dns: { disabled: false, imageRepository: dnsRepo, imageTag: tag } }), expected);
});
test('CoreDNS image: default registry gets /coredns', image, undefined, undefined, undefined, `registry.k8s.io/coredns/coredns:${COREDNS_VERSION}`);
test('CoreDNS image: other registry does not', image, 'my.registry/k8s', undefined, undefined, `my.registry/k8s/coredns:${COREDNS_VERSION}`);
test('CoreDNS image: dns overrides', image, 'my.registry', 'dns.registry', 'v9', 'dns.registry/coredns:v9');

test('CoreDNS image: the tag follows the Kubernetes version', (t) => {
  const dns = { disabled: false };
  t.is(corednsImage({ imageRepository: 'registry.k8s.io', kubernetesVersion: 'v1.32.4', dns }), 'registry.k8s.io/coredns/coredns:v1.11.3');
  t.is(corednsImage({ imageRepository: 'registry.k8s.io', kubernetesVersion: 'v1.35.2', dns }), 'registry.k8s.io/coredns/coredns:v1.13.1');
});

