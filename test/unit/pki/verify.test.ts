import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import { createClientCertificate, createSelfSignedCA, createSignedCertificate } from '../../../src/pki/issue.js';
import { type KeySpec, generateKey } from '../../../src/pki/keys.js';
import { certificateProblems, chainsTo, checkCertificate, identityProblems, isSignedBy, periodProblem } from '../../../src/pki/verify.js';

const SPECS: [string, KeySpec][] = [
  ['RSA-2048', { type: 'rsa', bits: 2048 }],
  ['ECDSA-P256', { type: 'ec', curve: 'P-256' }],
  ['ECDSA-P384', { type: 'ec', curve: 'P-384' }],
];
const now = new Date('2032-05-06T07:08:09Z');
const validity = { notBefore: new Date('2032-01-01T00:00:00Z'), notAfter: new Date('2033-01-01T00:00:00Z') };

for (const [algorithm, spec] of SPECS) {
async function fixtures() {
  const keys = await Promise.all([1, 2, 3, 4].map(() => generateKey(spec)));
  const ca = await createSelfSignedCA({ commonName: 'kubernetes' }, keys[0]!, validity);
  const other = await createSelfSignedCA({ commonName: 'kubernetes' }, keys[1]!, validity);
  const leaf = await createSignedCertificate(ca, { commonName: 'kube-apiserver', usages: ['serverAuth'], dnsNames: ['kubernetes'], ips: ['10.96.0.1'] }, keys[2]!, validity);
  const client = await createClientCertificate(ca, { commonName: 'kubernetes-admin', organization: ['kubeadm:cluster-admins'] }, keys[3]!, validity);
  return { ca, other, leaf, client };
}

test(`${algorithm}: signature checks tell the issuing CA from another CA with the same name`, async (t) => {
  const { ca, other, leaf } = await fixtures();
  t.true(isSignedBy(leaf.cert, ca.cert));
  t.false(isSignedBy(leaf.cert, other.cert));
  t.true(chainsTo([leaf.cert], ca.cert));
  t.false(chainsTo([leaf.cert], other.cert));
  t.true(chainsTo([leaf.cert, ca.cert], ca.cert), 'a bundle that carries the CA itself still chains');
});

test(`${algorithm}: period problems: not valid yet, expired, fine`, async (t) => {
  const { leaf } = await fixtures();
  t.is(periodProblem(leaf.cert, now), undefined);
  t.is(periodProblem(leaf.cert, new Date('2031-12-31T23:59:59Z')), 'is not valid yet (NotBefore 2032-01-01T00:00:00Z, now 2031-12-31T23:59:59Z)');
  t.is(periodProblem(leaf.cert, new Date('2033-01-01T00:00:01Z')), 'has expired (NotAfter 2033-01-01T00:00:00Z, now 2033-01-01T00:00:01Z)');
});

test(`${algorithm}: identity problems name each difference`, async (t) => {
  const { leaf, client } = await fixtures();
  t.deepEqual(identityProblems(leaf.cert, { commonName: 'kube-apiserver', usages: ['serverAuth'], dnsNames: ['kubernetes'], ips: ['10.96.0.1'] }), []);
  t.deepEqual(identityProblems(leaf.cert, { commonName: 'other', organization: ['g'], usages: ['clientAuth'], dnsNames: ['kubernetes', 'node-1'], ips: ['10.96.0.1', '::1'] }), [
    'has CommonName "kube-apiserver", expected "other"',
    'has Organization [], expected [g]',
    'lacks extended key usage clientAuth',
    'is missing SAN DNS:node-1, IP:::1',
  ]);
  t.deepEqual(identityProblems(client.cert, { organization: ['kubeadm:cluster-admins'] }), []);
});

test(`${algorithm}: checkCertificate throws PKI_INVALID naming the file and every reason, key mismatch included`, async (t) => {
  const { ca, other, leaf, client } = await fixtures();
  t.deepEqual(certificateProblems({ file: 'a.crt', chain: [leaf.cert], key: { file: 'a.key', key: leaf.key }, ca: { file: 'ca.crt', cert: ca.cert }, now }), []);
  const e = t.throws(
    () => checkCertificate({ file: 'a.crt', chain: [leaf.cert], key: { file: 'a.key', key: client.key }, ca: { file: 'ca.crt', cert: other.cert }, now }),
    { instanceOf: MinikubeadmError },
  );
  t.is(e?.code, 'PKI_INVALID');
  t.is(e?.message, 'existing certificate a.crt is not signed by the CA in ca.crt (its issuer is "kubernetes"); does not match the private key in a.key');
  t.regex(e!.hint ?? '', /left untouched.*move a\.crt and a\.key away/);
});
}
