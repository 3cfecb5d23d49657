import test from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MinikubeadmError } from '../../../src/errors.js';
import { PROJECT_ROOT } from '../../../src/config/paths.js';
import { parseCertificatePem, parseCertificatesPem } from '../../../src/pki/x509-read.js';

/** Upstream test vectors (kubeadm's pubkeypin tests, cluster-bootstrap's jws tests), kept with the tests. */
const VECTORS = join(PROJECT_ROOT, 'test', 'fixtures', 'vectors');

test('reads a certificate made by openssl (upstream pubkeypin vector 2): subject, CA flag, key ids, dates', async (t) => {
  const pem = await readFile(join(VECTORS, 'testCert2PEM.pem'), 'utf8');
  const cert = parseCertificatePem(pem, 'testCert2PEM.pem');
  t.deepEqual(cert.subject, { commonName: 'testCert2', organization: ['Internet Widgits Pty Ltd'] });
  t.is(cert.issuerCommonName, 'testCert2');
  t.true(cert.isCA);
  t.is(cert.keyUsage, undefined);
  t.deepEqual(cert.subjectKeyId, cert.authorityKeyId);
  t.is(cert.subjectKeyId?.toString('hex'), '4fd0826abffe6b43851f481ca5efb7497846a944');
  t.deepEqual(cert.notBefore, new Date('2017-07-24T16:04:01Z'));
  t.deepEqual(cert.notAfter, new Date('2117-06-30T16:04:01Z'));
  t.is(cert.serialHex, '00de4c5d90e273ba98');
});

test('a file with several certificates gives the chain in order; text around blocks is ignored', async (t) => {
  const one = await readFile(join(VECTORS, 'testCertPEM.pem'), 'utf8');
  const two = await readFile(join(VECTORS, 'testCert2PEM.pem'), 'utf8');
  const chain = parseCertificatesPem(`subject=whatever\n${one}\n${two.replace(/\n/g, '\r\n')}`, 'bundle.crt');
  t.deepEqual(
    chain.map((c) => c.subject.commonName),
    ['kubeadm-keypins-test', 'testCert2'],
  );
});

test('garbage is PKI_INVALID naming the file', (t) => {
  const none = t.throws(() => parseCertificatePem('not a certificate', '/pki/apiserver.crt'), { instanceOf: MinikubeadmError });
  t.is(none?.code, 'PKI_INVALID');
  t.is(none?.message, '/pki/apiserver.crt does not contain a PEM certificate');
  t.throws(() => parseCertificatePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', '/pki/x.crt'), {
    message: /^\/pki\/x\.crt is not a readable X\.509 certificate/,
  });
});
