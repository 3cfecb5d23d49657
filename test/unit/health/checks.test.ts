import test from 'ava';
import { controlPlaneHealthChecks, kubeletHealthCheck } from '../../../src/health/checks.js';
import { testConfig } from '../../helpers/config.js';

const ca = Buffer.from('CA');

test('probe URLs as kubeadm checks them', (t) => {
  const checks = controlPlaneHealthChecks(testConfig('/k'), ca);
  t.deepEqual(checks.map((c) => [c.name, c.url, c.ca === ca]), [
    ['kube-apiserver', 'https://192.0.2.10:6443/livez', true],
    ['kube-controller-manager', 'https://127.0.0.1:10257/healthz', false],
    ['kube-scheduler', 'https://127.0.0.1:10259/healthz', false],
  ]);
  t.is(kubeletHealthCheck().url, 'http://127.0.0.1:10248/healthz');
  t.is(kubeletHealthCheck({ healthzBindAddress: '::1', healthzPort: 1234 }).url, 'http://[::1]:1234/healthz');
});

test('bind-address and secure-port extraArgs move the probes; IPv6 is bracketed', (t) => {
  const config = testConfig('/k', {
    init: { localAPIEndpoint: { advertiseAddress: 'fd00::10', bindPort: 443 } },
    cluster: { controllerManager: { extraArgs: [{ name: 'bind-address', value: '10.0.0.5' }, { name: 'secure-port', value: '11257' }] }, scheduler: { extraArgs: [{ name: 'bind-address', value: '0.0.0.0' }] } },
  });
  t.deepEqual(controlPlaneHealthChecks(config, ca).map((c) => c.url), ['https://[fd00::10]:443/livez', 'https://10.0.0.5:11257/healthz', 'https://127.0.0.1:10259/healthz']);
});
