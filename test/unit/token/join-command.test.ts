import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { PROJECT_ROOT } from '../../../src/host/paths.js';
import { WITHHELD, caCertHash, initSummary, joinCommand } from '../../../src/token/join-command.js';

test('CA pin of the upstream pubkeypin vector', (t) => {
  const pem = readFileSync(join(PROJECT_ROOT, 'test/fixtures/vectors/testCertPEM.pem'));
  t.is(caCertHash(pem), 'sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3');
});

test('CA pin agrees with openssl for a fresh certificate', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mka-pin-'));
  const crt = join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', crt, '-subj', '/CN=kubernetes', '-days', '1'], { stdio: 'ignore' });
  const der = execFileSync('openssl', ['x509', '-in', crt, '-pubkey', '-noout']);
  const hex = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: der });
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: hex }).toString().trim().split(' ').pop();
  t.is(caCertHash(readFileSync(crt)), `sha256:${digest}`);
});

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
