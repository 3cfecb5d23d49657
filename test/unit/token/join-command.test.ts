import test from 'ava';
import { WITHHELD, initSummary, joinCommand } from '../../../src/token/join-command.js';

test('join command wraps like kubeadm', (t) => {
  t.is(
    joinCommand({ endpoint: '10.0.0.1:6443', token: 'abcdef.0123456789abcdef', caCertHashes: ['sha256:aa'] }),
    'minikubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash sha256:aa ',
  );
  t.is(
    joinCommand({ endpoint: 'cp:6443', token: 'x', caCertHashes: ['sha256:aa'], controlPlane: true, certificateKey: 'k' }),
    'minikubeadm join cp:6443 --token x \\\n\t--discovery-token-ca-cert-hash sha256:aa \\\n\t--control-plane --certificate-key k ',
  );
});

const summary = {
  adminConf: '/etc/kubernetes/admin.conf',
  endpoint: '10.0.0.1:6443',
  token: 'abcdef.0123456789abcdef',
  caCertHashes: ['sha256:aa'],
  skipTokenPrint: false,
  skipCertificateKeyPrint: false,
};

test('summary: worker join only without a control-plane endpoint', (t) => {
  const text = initSummary({ ...summary, controlPlaneJoin: false });
  t.true(text.includes('export KUBECONFIG=/etc/kubernetes/admin.conf'));
  t.true(text.includes('minikubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef'));
  t.false(text.includes('--control-plane'));
});

test('summary: control-plane variant with a control-plane endpoint', (t) => {
  const text = initSummary({ ...summary, controlPlaneJoin: true });
  t.is(text.match(/minikubeadm join/g)?.length, 2);
  t.true(text.includes('--control-plane '));
  t.true(text.includes('copying certificate authorities'));
});

test('--skip-token-print withholds the token everywhere', (t) => {
  const text = initSummary({ ...summary, controlPlaneJoin: true, certificateKey: 'secretkey', skipTokenPrint: true, skipCertificateKeyPrint: true });
  t.false(text.includes('0123456789abcdef'));
  t.false(text.includes('secretkey'));
  t.is(text.split(WITHHELD).length - 1, 3);
});
