import test from 'ava';
import { generateKeyPair } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { MinikubeadmError } from '../../../src/errors.js';
import { generateKey } from '../../../src/pki/keys.js';
import { createCertificate, keyIdentifier, randomSerialHex } from '../../../src/pki/x509-build.js';
import { parseCertificateDer } from '../../../src/pki/x509-read.js';

const spec = { type: 'rsa', bits: 2048 } as const;
const notBefore = new Date('2031-01-02T03:04:05Z');
const notAfter = new Date('2041-01-02T03:04:05Z');

async function pair() {
  const [caKeys, leafKeys] = await Promise.all([generateKey(spec), generateKey(spec)]);
  const caDer = await createCertificate(
    { commonName: 'kubernetes', organization: [], isCA: true, extKeyUsage: [], dnsNames: ['kubernetes'], ips: [], notBefore, notAfter },
    caKeys.publicKey,
    { selfSigned: true, privateKey: caKeys.privateKey },
  );
  const ca = parseCertificateDer(caDer, 'ca');
  const leafDer = await createCertificate(
    {
      commonName: 'kube-apiserver',
      organization: ['kubeadm:cluster-admins'],
      isCA: false,
      extKeyUsage: ['serverAuth', 'clientAuth'],
      dnsNames: ['kubernetes', 'node-1'],
      ips: ['10.96.0.1', 'fd00::1'],
      notBefore,
      notAfter: new Date('2032-01-02T03:04:05Z'),
    },
    leafKeys.publicKey,
    { rawSubject: ca.rawSubject, subjectKeyId: ca.subjectKeyId, privateKey: caKeys.privateKey },
  );
  return { ca, caKeys, leaf: parseCertificateDer(leafDer, 'leaf'), leafKeys };
}

test('a CA certificate: CA:TRUE, certificate signing, self-signed, its CN as DNS SAN, key id without authority key id', async (t) => {
  const { ca, caKeys } = await pair();
  t.true(ca.isCA);
  t.deepEqual(ca.keyUsage, { digitalSignature: true, keyEncipherment: true, keyCertSign: true });
  t.deepEqual(ca.extKeyUsage, []);
  t.deepEqual(ca.dnsNames, ['kubernetes']);
  t.true(ca.x509.verify(ca.publicKey));
  t.deepEqual(ca.subjectKeyId, await keyIdentifier(caKeys.publicKey));
  t.is(ca.authorityKeyId, undefined);
  t.deepEqual(ca.rawIssuer, ca.rawSubject);
  t.deepEqual([ca.notBefore, ca.notAfter], [notBefore, notAfter]);
});

test('a leaf certificate: signed by its CA, issuer bytes copied, authority key id = CA key id, usages and SANs in order', async (t) => {
  const { ca, leaf, leafKeys } = await pair();
  t.false(leaf.isCA);
  t.true(leaf.x509.verify(ca.publicKey));
  t.true(leaf.x509.checkIssued(ca.x509));
  t.true(leaf.x509.checkPrivateKey(leafKeys.privateKey));
  t.deepEqual(leaf.rawIssuer, ca.rawSubject);
  t.deepEqual(leaf.authorityKeyId, ca.subjectKeyId);
  t.deepEqual(leaf.subjectKeyId, await keyIdentifier(leafKeys.publicKey));
  t.deepEqual(leaf.keyUsage, { digitalSignature: true, keyEncipherment: true, keyCertSign: false });
  t.deepEqual(leaf.extKeyUsage, ['serverAuth', 'clientAuth']);
  t.deepEqual(leaf.subject, { commonName: 'kube-apiserver', organization: ['kubeadm:cluster-admins'] });
  t.deepEqual(leaf.dnsNames, ['kubernetes', 'node-1']);
  t.deepEqual(leaf.ips, ['10.96.0.1', 'fd00::1']);
  // Go's pkix.Name order: O before CN, PrintableString for printable values.
  t.regex(leaf.x509.subject, /^O=kubeadm:cluster-admins\nCN=kube-apiserver$/);
  t.is(leaf.rawSubject[leaf.rawSubject.indexOf(Buffer.from('kubeadm:')) - 2], 0x13);
});

test('a name that is not PrintableString is written as UTF8String, and certificates it signs copy it exactly', async (t) => {
  const keys = await generateKey(spec);
  const der = await createCertificate(
    { commonName: 'node_1 é', organization: [], isCA: true, extKeyUsage: [], dnsNames: [], ips: [], notBefore, notAfter },
    keys.publicKey,
    { selfSigned: true, privateKey: keys.privateKey },
  );
  const ca = parseCertificateDer(der, 'ca');
  t.is(ca.subject.commonName, 'node_1 é');
  t.is(ca.rawSubject[ca.rawSubject.indexOf(Buffer.from('node_1')) - 2], 0x0c);
  const leaf = parseCertificateDer(
    await createCertificate({ commonName: 'x', organization: [], isCA: false, extKeyUsage: ['clientAuth'], dnsNames: [], ips: [], notBefore, notAfter }, keys.publicKey, {
      rawSubject: ca.rawSubject,
      subjectKeyId: ca.subjectKeyId,
      privateKey: keys.privateKey,
    }),
    'leaf',
  );
  t.deepEqual(leaf.rawIssuer, ca.rawSubject);
  t.is(leaf.issuerCommonName, 'node_1 é');
});

test('serial numbers are positive, below 2^63 and minimally encoded', (t) => {
  for (let i = 0; i < 2000; i++) {
    const hex = randomSerialHex();
    const n = BigInt(`0x${hex}`);
    t.true(n >= 1n && n < 2n ** 63n);
    t.is(hex.length % 2, 0);
    t.false(hex.startsWith('00') && parseInt(hex[2]!, 16) < 8, `serial ${hex} has a needless leading zero byte`);
    t.true(parseInt(hex[0]!, 16) < 8 || hex.startsWith('00'));
  }
});

test('dates from 2050 on are written as GeneralizedTime and read back', async (t) => {
  const keys = await generateKey(spec);
  const late = new Date('2061-06-07T08:09:10Z');
  const der = await createCertificate({ commonName: 'late', organization: [], isCA: true, extKeyUsage: [], dnsNames: [], ips: [], notBefore, notAfter: late }, keys.publicKey, {
    selfSigned: true,
    privateKey: keys.privateKey,
  });
  t.deepEqual(parseCertificateDer(der, 'late').notAfter, late);
});

const ecSpecs = [
  ['P-256', 'ecdsa-with-SHA256'],
  ['P-384', 'ecdsa-with-SHA384'],
] as const;
for (const [curve, signature] of ecSpecs) {
  test(`ECDSA ${curve}: a CA signs with ${signature}, no KeyEncipherment on EC keys, and an RSA leaf under it keeps KeyEncipherment`, async (t) => {
    const [caKeys, ecLeaf, rsaLeaf] = await Promise.all([generateKey({ type: 'ec', curve }), generateKey({ type: 'ec', curve }), generateKey(spec)]);
    const ca = parseCertificateDer(
      await createCertificate({ commonName: 'etcd-ca', organization: [], isCA: true, extKeyUsage: [], dnsNames: ['etcd-ca'], ips: [], notBefore, notAfter }, caKeys.publicKey, { selfSigned: true, privateKey: caKeys.privateKey }),
      'ca',
    );
    t.true(ca.x509.verify(ca.publicKey));
    t.deepEqual(ca.keyUsage, { digitalSignature: true, keyEncipherment: false, keyCertSign: true });
    t.is(new X509Certificate(ca.der).publicKey.asymmetricKeyDetails?.namedCurve, curve === 'P-256' ? 'prime256v1' : 'secp384r1');
    const issuer = { rawSubject: ca.rawSubject, subjectKeyId: ca.subjectKeyId, privateKey: caKeys.privateKey };
    const leafTemplate = { commonName: 'node-1', organization: [], isCA: false, extKeyUsage: ['serverAuth', 'clientAuth'] as const, dnsNames: ['localhost'], ips: ['127.0.0.1', '::1'], notBefore, notAfter };
    const ec = parseCertificateDer(await createCertificate(leafTemplate, ecLeaf.publicKey, issuer), 'ec leaf');
    const rsa = parseCertificateDer(await createCertificate(leafTemplate, rsaLeaf.publicKey, issuer), 'rsa leaf');
    for (const leaf of [ec, rsa]) {
      t.true(leaf.x509.verify(ca.publicKey));
      t.deepEqual(leaf.rawIssuer, ca.rawSubject);
      t.deepEqual(leaf.ips, ['127.0.0.1', '::1']);
    }
    t.deepEqual(ec.keyUsage, { digitalSignature: true, keyEncipherment: false, keyCertSign: false });
    t.deepEqual(rsa.keyUsage, { digitalSignature: true, keyEncipherment: true, keyCertSign: false });
    // The signature algorithm follows the CA's curve, as Go picks it.
    for (const leaf of [ca, ec, rsa]) {
      const text = execFileSync('openssl', ['x509', '-inform', 'der', '-noout', '-text'], { input: leaf.der }).toString();
      t.is(/Signature Algorithm: (\S+)/.exec(text)?.[1], signature);
    }
  });
}

test('a CA key of a type Go cannot sign certificates with is refused with a hint, not signed with', async (t) => {
  const [keys, ed] = await Promise.all([generateKey(spec), new Promise<import('node:crypto').KeyObject>((res, rej) => generateKeyPair('ed25519', {}, (e, _pub, priv) => (e ? rej(e) : res(priv))))]);
  const e = await t.throwsAsync(
    () => createCertificate({ commonName: 'x', organization: [], isCA: false, extKeyUsage: ['clientAuth'], dnsNames: [], ips: [], notBefore, notAfter }, keys.publicKey, { rawSubject: Buffer.from('3000', 'hex'), subjectKeyId: undefined, privateKey: ed }),
    { instanceOf: MinikubeadmError },
  );
  t.regex(e!.message, /signing with an ED25519 CA key is not supported/);
});

test('the key identifier is the one openssl computes (upstream pubkeypin vector 2 carries openssl\'s subjectKeyIdentifier=hash)', async (t) => {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { PROJECT_ROOT } = await import('../../../src/config/paths.js');
  const { parseCertificatePem } = await import('../../../src/pki/x509-read.js');
  const cert = parseCertificatePem(await readFile(join(PROJECT_ROOT, 'test', 'fixtures', 'vectors', 'testCert2PEM.pem'), 'utf8'), 'testCert2PEM.pem');
  t.is((await keyIdentifier(cert.publicKey)).toString('hex'), '4fd0826abffe6b43851f481ca5efb7497846a944');
});
