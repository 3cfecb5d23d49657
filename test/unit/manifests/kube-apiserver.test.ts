import test from 'ava';
import { duration } from '../../../src/config/duration.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/config/constants.js';
import { ADVERTISE_ADDRESS_ANNOTATION, apiServerCommand, apiServerPod, authorizationModes } from '../../../src/manifests/kube-apiserver.js';
import { PKI, flag, flags, inputsFor, local } from './helpers.js';

test('default flags are the 27 of kubeadm, sorted, with this run\'s paths', (t) => {
  const { command, warnings } = apiServerCommand(inputsFor());
  t.is(command[0], 'kube-apiserver');
  t.deepEqual(flags(command), [
    '--advertise-address=192.0.2.10',
    '--allow-privileged=true',
    '--authorization-mode=Node,RBAC',
    `--client-ca-file=${PKI}/ca.crt`,
    '--enable-admission-plugins=NodeRestriction',
    '--enable-bootstrap-token-auth=true',
    `--etcd-cafile=${PKI}/etcd/ca.crt`,
    `--etcd-certfile=${PKI}/apiserver-etcd-client.crt`,
    `--etcd-keyfile=${PKI}/apiserver-etcd-client.key`,
    '--etcd-servers=https://127.0.0.1:2379',
    `--kubelet-client-certificate=${PKI}/apiserver-kubelet-client.crt`,
    `--kubelet-client-key=${PKI}/apiserver-kubelet-client.key`,
    '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
    `--proxy-client-cert-file=${PKI}/front-proxy-client.crt`,
    `--proxy-client-key-file=${PKI}/front-proxy-client.key`,
    '--requestheader-allowed-names=front-proxy-client',
    `--requestheader-client-ca-file=${PKI}/front-proxy-ca.crt`,
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-username-headers=X-Remote-User',
    '--secure-port=6443',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${PKI}/sa.pub`,
    `--service-account-signing-key-file=${PKI}/sa.key`,
    '--service-cluster-ip-range=10.96.0.0/12',
    `--tls-cert-file=${PKI}/apiserver.crt`,
    `--tls-private-key-file=${PKI}/apiserver.key`,
  ]);
  t.deepEqual(warnings, []);
});

test('config values flow into the flags', (t) => {
  const { command } = apiServerCommand(
    inputsFor({ init: { localAPIEndpoint: { advertiseAddress: '10.1.2.3', bindPort: 8443 } }, cluster: { networking: { serviceSubnet: '10.200.0.0/16', dnsDomain: 'corp.example' } } }),
  );
  t.is(flag(command, 'advertise-address'), '10.1.2.3');
  t.is(flag(command, 'secure-port'), '8443');
  t.is(flag(command, 'service-cluster-ip-range'), '10.200.0.0/16');
  t.is(flag(command, 'service-account-issuer'), 'https://kubernetes.default.svc.corp.example');
});

test('extraArgs replace defaults of the same name and add new flags, still sorted (before v1.35.1)', (t) => {
  const { command } = apiServerCommand(
    inputsFor({ cluster: { kubernetesVersion: 'v1.34.3', apiServer: { extraArgs: [{ name: 'enable-admission-plugins', value: 'NodeRestriction,PodSecurity' }, { name: 'audit-log-path', value: '/var/log/audit.log' }] } } }),
  );
  t.is(command.filter((c) => c.startsWith('--enable-admission-plugins=')).length, 1);
  t.is(flag(command, 'enable-admission-plugins'), 'NodeRestriction,PodSecurity');
  t.is(command[1], '--advertise-address=192.0.2.10');
  t.is(command[2], '--allow-privileged=true');
  t.is(command[3], '--audit-log-path=/var/log/audit.log');
  t.deepEqual(flags(command), [...flags(command)].sort());
});

test('v1.35.1+: repeated extraArgs such as --service-account-issuer keep the order given, after the sorted defaults', (t) => {
  const issuers = [
    { name: 'service-account-issuer', value: 'https://new.example' },
    { name: 'service-account-issuer', value: 'https://kubernetes.default.svc.cluster.local' },
  ];
  const { command } = apiServerCommand(inputsFor({ cluster: { apiServer: { extraArgs: issuers } } }));
  t.deepEqual(command.slice(-2), ['--service-account-issuer=https://new.example', '--service-account-issuer=https://kubernetes.default.svc.cluster.local']);
  const defaults = flags(command).slice(0, -2);
  t.deepEqual(defaults, [...defaults].sort());
  const sorted = apiServerCommand(inputsFor({ cluster: { kubernetesVersion: 'v1.35.0', apiServer: { extraArgs: issuers } } })).command;
  t.deepEqual(sorted.filter((c) => c.startsWith('--service-account-issuer=')), ['--service-account-issuer=https://kubernetes.default.svc.cluster.local', '--service-account-issuer=https://new.example']);
});

const authz = test.macro({
  exec(t, requested: string | undefined, value: string, warnings: number) {
    const got = authorizationModes(requested);
    t.is(got.value, value);
    t.is(got.warnings.length, warnings);
  },
  title: (title = '') => `authorization modes: ${title}`,
});

test('none requested → Node,RBAC', authz, undefined, 'Node,RBAC', 0);
test('the default requested → no warning', authz, 'Node,RBAC', 'Node,RBAC', 0);
test('valid modes kept in order, with a warning that they differ', authz, 'RBAC,Webhook', 'RBAC,Webhook', 1);
test('invalid modes dropped with a warning each', authz, 'Node,Bogus,RBAC', 'Node,RBAC', 1);
test('only invalid modes → the default', authz, 'Bogus,Nope', 'Node,RBAC', 2);
test('mode names are case-sensitive', authz, 'node', 'Node,RBAC', 1);

test('invalid modes in the authorization-mode extraArg are dropped from the command line with a warning', (t) => {
  const { command, warnings } = apiServerCommand(inputsFor({ cluster: { apiServer: { extraArgs: [{ name: 'authorization-mode', value: 'Node,Bogus,RBAC' }] } } }));
  t.is(flag(command, 'authorization-mode'), 'Node,RBAC');
  t.deepEqual(warnings, ['ignoring unknown kube-apiserver authorization-mode "Bogus"']);
});

test('authorization-config suppresses authorization-mode entirely', (t) => {
  const { command, warnings } = apiServerCommand(inputsFor({ cluster: { apiServer: { extraArgs: [{ name: 'authorization-config', value: '/etc/kubernetes/authz.yaml' }] } } }));
  t.is(flag(command, 'authorization-mode'), undefined);
  t.is(flag(command, 'authorization-config'), '/etc/kubernetes/authz.yaml');
  t.deepEqual(warnings, []);
});

test('external etcd: endpoints joined, user files only when set, etcd-certs volumes', (t) => {
  const external = { endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'], caFile: '/etc/etcd/pki/ca.crt', certFile: '/etc/etcd/pki/client.crt', keyFile: '/etc/etcd/keys/client.key' };
  const inputs = inputsFor();
  inputs.cluster.etcd = { external };
  const { pod } = apiServerPod(inputs);
  t.is(flag(pod.command, 'etcd-servers'), 'https://10.0.0.1:2379,https://10.0.0.2:2379');
  t.is(flag(pod.command, 'etcd-cafile'), '/etc/etcd/pki/ca.crt');
  t.is(flag(pod.command, 'etcd-certfile'), '/etc/etcd/pki/client.crt');
  t.is(flag(pod.command, 'etcd-keyfile'), '/etc/etcd/keys/client.key');
  t.deepEqual(
    pod.volumes.filter((v) => v.name.startsWith('etcd-certs')),
    [
      { name: 'etcd-certs-0', hostPath: '/etc/etcd/keys', type: 'DirectoryOrCreate' },
      { name: 'etcd-certs-1', hostPath: '/etc/etcd/pki', type: 'DirectoryOrCreate' },
    ],
  );
  t.true(pod.volumeMounts.filter((m) => m.name.startsWith('etcd-certs')).every((m) => m.readOnly));

  inputs.cluster.etcd = { external: { endpoints: ['http://10.0.0.1:2379'], caFile: '', certFile: '', keyFile: '' } };
  const plain = apiServerCommand(inputs).command;
  t.is(flag(plain, 'etcd-servers'), 'http://10.0.0.1:2379');
  for (const f of ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile']) t.is(flag(plain, f), undefined);
});

test('external etcd with only a cert file (no key) sets neither certfile nor keyfile', (t) => {
  const inputs = inputsFor();
  inputs.cluster.etcd = { external: { endpoints: ['https://e:2379'], caFile: '', certFile: '/x/c.crt', keyFile: '' } };
  const { command } = apiServerCommand(inputs);
  t.is(flag(command, 'etcd-certfile'), undefined);
  t.is(flag(command, 'etcd-keyfile'), undefined);
});

test('IPv6 advertise address: local etcd at [::1], bracketed annotation', (t) => {
  const { pod } = apiServerPod(inputsFor({ init: { localAPIEndpoint: { advertiseAddress: 'fd00::10', bindPort: 6443 } } }));
  t.is(flag(pod.command, 'etcd-servers'), 'https://[::1]:2379');
  t.is(flag(pod.command, 'advertise-address'), 'fd00::10');
  t.deepEqual(pod.annotations, [{ key: ADVERTISE_ADDRESS_ANNOTATION, value: '[fd00::10]:6443' }]);
  t.is(pod.probes.liveness.host, 'fd00::10');
});

test('IPv4-mapped IPv6 advertise address counts as IPv4 (like Go)', (t) => {
  const { command } = apiServerCommand(inputsFor({ init: { localAPIEndpoint: { advertiseAddress: '::ffff:192.0.2.10', bindPort: 6443 } } }));
  t.is(flag(command, 'etcd-servers'), 'https://127.0.0.1:2379');
});

test('local etcd advertise-client-urls extraArg becomes etcd-servers', (t) => {
  const { command } = apiServerCommand(inputsFor({ cluster: { etcd: { local: local({ extraArgs: [{ name: 'advertise-client-urls', value: 'https://10.9.9.9:2379' }] }) } } }));
  t.is(flag(command, 'etcd-servers'), 'https://10.9.9.9:2379');
});

const probeHost = test.macro({
  exec(t, advertiseAddress: string, host: string) {
    const { pod } = apiServerPod(inputsFor({ init: { localAPIEndpoint: { advertiseAddress, bindPort: 6443 } } }));
    for (const p of [pod.probes.liveness, pod.probes.readiness!, pod.probes.startup]) t.is(p.host, host);
  },
  title: (title = '') => `API server probe host: ${title}`,
});
test('the advertise address', probeHost, '192.0.2.10', '192.0.2.10');
test('127.0.0.1 when empty', probeHost, '', '127.0.0.1');
test('empty (pod IP) for 0.0.0.0', probeHost, '0.0.0.0', '');
test('empty (pod IP) for ::', probeHost, '::', '');

test('probes: paths, port, scheme and thresholds', (t) => {
  const { pod } = apiServerPod(inputsFor({ init: { localAPIEndpoint: { advertiseAddress: '192.0.2.10', bindPort: 7443 }, timeouts: { controlPlaneComponentHealthCheck: duration('2m30s') } } }));
  t.deepEqual(pod.ports, [{ name: 'probe-port', containerPort: 7443 }]);
  t.deepEqual(pod.probes.liveness, { host: '192.0.2.10', path: '/livez', port: 7443, portName: 'probe-port', scheme: 'HTTPS', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 8, periodSeconds: 10 });
  t.deepEqual(pod.probes.readiness, { host: '192.0.2.10', path: '/readyz', port: 7443, portName: 'probe-port', scheme: 'HTTPS', initialDelaySeconds: 0, timeoutSeconds: 15, failureThreshold: 3, periodSeconds: 1 });
  t.deepEqual(pod.probes.startup, { host: '192.0.2.10', path: '/livez', port: 7443, portName: 'probe-port', scheme: 'HTTPS', initialDelaySeconds: 10, timeoutSeconds: 15, failureThreshold: 15, periodSeconds: 10 });
});

test('pod data: image, pull policy, resources, annotation, env', (t) => {
  const { pod } = apiServerPod(
    inputsFor(
      { cluster: { imageRepository: 'registry.example:5000/k8s', apiServer: { extraEnvs: [{ name: 'HTTPS_PROXY', value: 'http://user-proxy:3128' }, { name: 'A', value: '1' }] } }, init: { nodeRegistration: { imagePullPolicy: 'Always' } } },
      { proxyEnv: [{ name: 'HTTPS_PROXY', value: 'http://host-proxy:3128' }, { name: 'no_proxy', value: 'localhost' }] },
    ),
  );
  t.is(pod.name, 'kube-apiserver');
  t.is(pod.image, `registry.example:5000/k8s/kube-apiserver:${DEFAULT_KUBERNETES_VERSION}`);
  t.is(pod.imagePullPolicy, 'Always');
  t.deepEqual(pod.resources, { cpu: '250m', memory: '' });
  t.deepEqual(pod.annotations, [{ key: ADVERTISE_ADDRESS_ANNOTATION, value: '192.0.2.10:6443' }]);
  t.deepEqual(pod.env, [
    { name: 'A', value: '1', valueFrom: null },
    { name: 'HTTPS_PROXY', value: 'http://user-proxy:3128', valueFrom: null },
    { name: 'no_proxy', value: 'localhost', valueFrom: null },
  ]);
});

test('volumes: certificates dir, /etc/ssl/certs, host CA dirs that exist, user extraVolumes', (t) => {
  const { pod } = apiServerPod(
    inputsFor(
      { cluster: { apiServer: { extraVolumes: [{ name: 'audit', hostPath: '/var/log/k8s', mountPath: '/var/log/audit', readOnly: false, pathType: 'DirectoryOrCreate' }, { name: 'ca-certs', hostPath: '/opt/certs', mountPath: '/etc/ssl/certs', readOnly: true, pathType: 'Directory' }] } } },
      { existingCADirs: ['/usr/share/ca-certificates'] },
    ),
  );
  t.deepEqual(pod.volumes, [
    { name: 'audit', hostPath: '/var/log/k8s', type: 'DirectoryOrCreate' },
    { name: 'ca-certs', hostPath: '/opt/certs', type: 'Directory' },
    { name: 'k8s-certs', hostPath: PKI, type: 'DirectoryOrCreate' },
    { name: 'usr-share-ca-certificates', hostPath: '/usr/share/ca-certificates', type: 'DirectoryOrCreate' },
  ]);
  t.deepEqual(pod.volumeMounts, [
    { name: 'audit', mountPath: '/var/log/audit', readOnly: false },
    { name: 'ca-certs', mountPath: '/etc/ssl/certs', readOnly: true },
    { name: 'k8s-certs', mountPath: PKI, readOnly: true },
    { name: 'usr-share-ca-certificates', mountPath: '/usr/share/ca-certificates', readOnly: true },
  ]);
});
