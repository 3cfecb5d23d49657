import test from 'ava';
import type { Config } from '../../../src/config/types.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { apiServerVirtualIP } from '../../../src/config/network.js';
import { apiServerAltNames, etcdAltNames, removeDuplicateAltNames } from '../../../src/pki/altnames.js';
import { type DeepPartial, testConfig } from '../../helpers/config.js';

const cfg = (patch: DeepPartial<Config>): Config => testConfig('/tmp/altnames-test', patch);
const K8S_DNS = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];

interface Case {
  title: string;
  patch: DeepPartial<Config>;
  dns: string[];
  ips: string[];
  warnings?: string[];
}

const apiserver = test.macro<[Case]>({
  exec(t, c) {
    const warnings: string[] = [];
    const alt = apiServerAltNames(cfg(c.patch), (m) => warnings.push(m));
    t.deepEqual(alt.dnsNames, c.dns);
    t.deepEqual(alt.ips, c.ips);
    t.deepEqual(warnings, c.warnings ?? []);
  },
  title: (_, c) => `apiserver SANs: ${c.title}`,
});

const cases: Case[] = [
  { title: 'IPv4 defaults', patch: {}, dns: [...K8S_DNS, 'node-1'], ips: ['10.96.0.1', '192.0.2.10'] },
  {
    title: 'IPv6 advertise address and service subnet',
    patch: { init: { localAPIEndpoint: { advertiseAddress: 'fd00:0:0:0::10' } }, cluster: { networking: { serviceSubnet: 'fd00:10:96::/112' } } },
    dns: [...K8S_DNS, 'node-1'],
    ips: ['fd00:10:96::1', 'fd00::10'],
  },
  {
    title: 'dual-stack service subnets use the first one',
    patch: { cluster: { networking: { serviceSubnet: '10.100.0.0/16,fd00::/108' } } },
    dns: [...K8S_DNS, 'node-1'],
    ips: ['10.100.0.1', '192.0.2.10'],
  },
  {
    title: 'controlPlaneEndpoint DNS name with port goes to DNS names, sorted',
    patch: { cluster: { controlPlaneEndpoint: 'cp.example.com:6443' } },
    dns: ['cp.example.com', ...K8S_DNS, 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10'],
  },
  {
    title: 'controlPlaneEndpoint IP goes to IPs',
    patch: { cluster: { controlPlaneEndpoint: '198.51.100.7' } },
    dns: [...K8S_DNS, 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10', '198.51.100.7'],
  },
  {
    title: 'bracketed IPv6 controlPlaneEndpoint with port',
    patch: { cluster: { controlPlaneEndpoint: '[fd00::100]:6443' } },
    dns: [...K8S_DNS, 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10', 'fd00::100'],
  },
  {
    title: 'certSANs: IPs, names and wildcards added, invalid entries warned about',
    patch: { cluster: { apiServer: { certSANs: ['203.0.113.5', 'api.example.com', '*.apps.example.com', 'Not_Valid!', '::FFFF:10.0.0.9'] } } },
    dns: ['*.apps.example.com', 'api.example.com', ...K8S_DNS, 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10', '203.0.113.5', '10.0.0.9'],
    warnings: ["'Not_Valid!' was not added to the 'apiserver' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry"],
  },
  {
    title: 'duplicates removed: DNS unique and sorted, IPs in first order',
    patch: { cluster: { controlPlaneEndpoint: '192.0.2.10:6443', apiServer: { certSANs: ['kubernetes', 'node-1', '10.96.0.1', '192.0.2.10', 'a.example'] } } },
    dns: ['a.example', ...K8S_DNS, 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10'],
  },
  {
    title: 'custom DNS domain',
    patch: { cluster: { networking: { dnsDomain: 'corp.internal' } } },
    dns: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.corp.internal', 'node-1'],
    ips: ['10.96.0.1', '192.0.2.10'],
  },
];
for (const c of cases) test(apiserver, c);

test('etcd server and peer SANs: node name, localhost, advertise address and loopbacks, plus their own extra SANs', (t) => {
  const config = cfg({});
  Object.assign(config.cluster.etcd.local!, { serverCertSANs: ['etcd.example', '10.0.0.5'], peerCertSANs: ['peer.example'] });
  const warn = () => t.fail('no warning expected');
  t.deepEqual(etcdAltNames(config, 'server', warn), { dnsNames: ['etcd.example', 'localhost', 'node-1'], ips: ['192.0.2.10', '127.0.0.1', '::1', '10.0.0.5'] });
  t.deepEqual(etcdAltNames(config, 'peer', warn), { dnsNames: ['localhost', 'node-1', 'peer.example'], ips: ['192.0.2.10', '127.0.0.1', '::1'] });
});

test('an invalid etcd SAN is skipped with a warning naming the certificate', (t) => {
  const warnings: string[] = [];
  const config = cfg({});
  config.cluster.etcd.local!.peerCertSANs = ['bad name'];
  etcdAltNames(config, 'peer', (m) => warnings.push(m));
  t.deepEqual(warnings, ["'bad name' was not added to the 'etcd/peer' SAN, because it is not a valid IP or RFC-1123 compliant DNS entry"]);
});

test('an advertise address that is not an IP is an error naming the field', (t) => {
  const e = t.throws(() => apiServerAltNames(cfg({ init: { localAPIEndpoint: { advertiseAddress: 'node-1.example' } } }), () => undefined), {
    instanceOf: MinikubeadmError,
  });
  t.is(e?.code, 'CONFIG_INVALID');
  t.regex(e!.message, /localAPIEndpoint\.advertiseAddress "node-1\.example"/);
});

test('a bad controlPlaneEndpoint or service subnet is an error naming the field', (t) => {
  t.throws(() => apiServerAltNames(cfg({ cluster: { controlPlaneEndpoint: 'bad_host:6443' } }), () => undefined), { message: /controlPlaneEndpoint.*bad_host/ });
  t.throws(() => apiServerVirtualIP(cfg({ cluster: { networking: { serviceSubnet: 'nonsense' } } }).cluster.networking.serviceSubnet), { message: /networking\.serviceSubnet "nonsense"/ });
});

test('removeDuplicateAltNames sorts names by byte order and keeps the first order of IPs', (t) => {
  t.deepEqual(removeDuplicateAltNames({ dnsNames: ['b', 'a', 'B', 'b'], ips: ['10.0.0.2', '10.0.0.1', '10.0.0.2'] }), {
    dnsNames: ['B', 'a', 'b'],
    ips: ['10.0.0.2', '10.0.0.1'],
  });
});
