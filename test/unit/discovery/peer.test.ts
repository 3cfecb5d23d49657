import test from 'ava';
import { coversHost, signedBy, subjectAltNames } from '../../../src/discovery/peer.js';
import { createSignedCertificate } from '../../../src/pki/issue.js';
import { generateKey, keySpecFor } from '../../../src/pki/keys.js';
import { discoveryPki } from '../../helpers/cluster-info.js';

test('subjectAltNames: DNS names then IPs, as the certificate lists them; nothing for bytes that are no certificate', async (t) => {
  const pki = await discoveryPki();
  t.deepEqual(subjectAltNames(pki.serving.cert.der), ['kubernetes', '10.96.0.1', '127.0.0.1']);
  t.deepEqual(subjectAltNames(pki.noLoopback.cert.der), ['kubernetes', '10.96.0.1']);
  t.deepEqual(subjectAltNames(pki.ca.cert.der), ['kubernetes'], 'a kubeadm CA names itself');
  t.deepEqual(subjectAltNames(Buffer.from('not DER')), []);
});

test('subjectAltNames of an IPv6 SAN, and coversHost with other spellings of that address', async (t) => {
  const pki = await discoveryPki();
  const cert = await createSignedCertificate(pki.ca, { commonName: 'kube-apiserver', usages: ['serverAuth'], ips: ['fd00::10', '192.0.2.10'] }, await generateKey(keySpecFor('RSA-2048')), {
    notBefore: pki.ca.cert.notBefore,
    notAfter: pki.ca.cert.notAfter,
  });
  const sans = subjectAltNames(cert.cert.der);
  t.is(sans.length, 2);
  t.true(coversHost(sans, 'fd00::10'));
  t.true(coversHost(sans, 'FD00:0:0:0:0:0:0:10'));
  t.true(coversHost(sans, '192.0.2.10'));
  t.true(coversHost(sans, '::ffff:192.0.2.10'), 'an IPv4-mapped address is the IPv4 address');
  t.false(coversHost(sans, 'fd00::11'));
});

test('coversHost: IPs exactly, DNS names case-insensitively, one-label wildcards only', (t) => {
  const sans = ['kubernetes', '*.example.com', 'Cp.Internal', '10.96.0.1'];
  t.true(coversHost(sans, '10.96.0.1'));
  t.false(coversHost(sans, '10.96.0.10'));
  t.true(coversHost(sans, 'cp.internal'));
  t.true(coversHost(sans, 'KUBERNETES'));
  t.true(coversHost(sans, 'cp.example.com'));
  t.false(coversHost(sans, 'a.cp.example.com'), 'a wildcard covers one label');
  t.false(coversHost(sans, 'example.com'), 'a wildcard does not cover the bare domain');
  t.false(coversHost(sans, 'kubernetes.default'));
  t.false(coversHost([], 'kubernetes'));
  t.false(coversHost(['kubernetes'], '10.96.0.1'), 'a DNS SAN never covers an IP');
});

test('signedBy: the issuing CA, not another CA of the same name, nor a PEM that is no certificate', async (t) => {
  const pki = await discoveryPki();
  t.true(signedBy(pki.serving.cert.der, pki.ca.cert.pem));
  t.false(signedBy(pki.serving.cert.der, pki.mitmCA.cert.pem));
  t.true(signedBy(pki.mitm.cert.der, pki.mitmCA.cert.pem));
  t.false(signedBy(pki.mitm.cert.der, pki.ca.cert.pem));
  t.false(signedBy(pki.serving.cert.der, 'not a PEM'));
  t.false(signedBy(Buffer.from('junk'), pki.ca.cert.pem));
});
