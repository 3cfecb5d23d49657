import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MinikubeadmError } from '../../../src/errors.js';
import { PROJECT_ROOT } from '../../../src/config/paths.js';
import { decodePem } from '../../../src/pki/pem.js';
import { PinSet, hashCertificate } from '../../../src/pki/pubkeypin.js';

/** Upstream test vectors (kubeadm's pubkeypin tests, cluster-bootstrap's jws tests), kept with the tests. */
const VECTORS = join(PROJECT_ROOT, 'test', 'fixtures', 'vectors');

interface PinVector {
  pemFile: string;
  expectedHash: string;
  source: string;
}
const vectors: PinVector[] = (JSON.parse(readFileSync(join(VECTORS, 'vectors.json'), 'utf8')) as { pubkeypin: PinVector[] }).pubkeypin;
const pem = (file: string): string => readFileSync(join(VECTORS, file), 'utf8');

for (const v of vectors) {
  test(`hashCertificate(${v.pemFile}) = ${v.expectedHash.slice(0, 20)}… (${v.source.split(' ')[0]})`, (t) => {
    t.is(hashCertificate(pem(v.pemFile)), v.expectedHash);
    // The Go constant starts with a newline; DER input gives the same hash.
    t.is(hashCertificate(`\n${pem(v.pemFile)}`), v.expectedHash);
    t.is(hashCertificate(decodePem(pem(v.pemFile))[0]!.der), v.expectedHash);
  });
}

test('PinSet follows upstream TestSet step by step', (t) => {
  const [cert1, cert2] = [pem('testCertPEM.pem'), pem('testCert2PEM.pem')];
  const expectedHash = vectors[0]!.expectedHash;
  const s = new PinSet();
  t.true(s.isEmpty(), 'a new set is empty');
  t.throws(() => s.allow('xyz'), { instanceOf: MinikubeadmError }, 'no format');
  t.true(s.isEmpty(), 'a failed allow leaves the set empty');
  t.throws(() => s.allow('0011223344'), { instanceOf: MinikubeadmError }, 'too short');
  t.throws(() => s.allow('sha256:0011223344'), { message: /expected a 32 byte SHA-256 hash, found 5 bytes/ }, 'too short, with format');
  t.throws(() => s.allow(expectedHash + expectedHash), { message: /invalid hash, expected "format:hex-value"/ }, 'too long');
  t.throws(() => s.checkAny([cert1]), { message: /none of the public keys "sha256:[0-9a-f]{64}" are pinned/ });
  s.allow(expectedHash.toUpperCase());
  t.false(s.isEmpty());
  t.notThrows(() => s.checkAny([cert1]));
  t.throws(() => s.checkAny([cert2]), { instanceOf: MinikubeadmError });
  t.notThrows(() => s.checkAny([cert2, cert1]), 'any one pinned certificate is enough');
});

test('allow reports kubeadm messages for each kind of bad pin', (t) => {
  const s = new PinSet();
  t.throws(() => s.allow('md5:abcd'), { message: 'unknown hash format "md5". Known format(s) are: sha256' });
  t.throws(() => s.allow(`sha256:${'z'.repeat(64)}`), { message: /could not decode SHA-256 from hex/ });
  t.throws(() => s.allow(`sha256:${'a'.repeat(65)}`), { message: /could not decode SHA-256 from hex/ });
  t.throws(() => s.allow('a:b:c'), { message: /Known format\(s\) are: sha256/ });
  s.allow(`SHA256:${'AB'.repeat(32)}`);
  t.true(s.has(`sha256:${'ab'.repeat(32)}`));
});

test('hashing something that is not a certificate is PKI_INVALID', (t) => {
  t.throws(() => hashCertificate('nothing here'), { instanceOf: MinikubeadmError });
  t.throws(() => hashCertificate(Buffer.from([0x30, 0x82, 0xff])), { message: /cannot read the certificate/ });
});

test('CA pin of the upstream pubkeypin vector', (t) => {
  const pem = readFileSync(join(PROJECT_ROOT, 'test/fixtures/vectors/testCertPEM.pem'));
  t.is(hashCertificate(pem), 'sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3');
});

test('CA pin agrees with openssl for a fresh certificate', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mka-pin-'));
  const crt = join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', crt, '-subj', '/CN=kubernetes', '-days', '1'], { stdio: 'ignore' });
  const der = execFileSync('openssl', ['x509', '-in', crt, '-pubkey', '-noout']);
  const hex = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: der });
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: hex }).toString().trim().split(' ').pop();
  t.is(hashCertificate(readFileSync(crt)), `sha256:${digest}`);
});
