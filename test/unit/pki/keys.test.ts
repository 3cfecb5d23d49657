import test from 'ava';
import { createPrivateKey } from 'node:crypto';
import { MinikubeadmError } from '../../../src/errors.js';
import { KeyPool, algorithmOf, generateKey, keyBits, keySpecFor, parsePrivateKey, privateKeyToPem, publicKeyToPem, sameKey } from '../../../src/pki/keys.js';

test('encryptionAlgorithm gives the RSA size or the ECDSA curve', (t) => {
  t.deepEqual(keySpecFor('RSA-2048'), { type: 'rsa', bits: 2048 });
  t.deepEqual(keySpecFor('RSA-3072'), { type: 'rsa', bits: 3072 });
  t.deepEqual(keySpecFor('RSA-4096'), { type: 'rsa', bits: 4096 });
  t.deepEqual(keySpecFor('ECDSA-P256'), { type: 'ec', curve: 'P-256' });
  t.deepEqual(keySpecFor('ECDSA-P384'), { type: 'ec', curve: 'P-384' });
});

for (const algorithm of ['ECDSA-P521', 'RSA-1024', 'DSA-1024']) {
  test(`encryptionAlgorithm ${algorithm} is refused with a hint naming the field`, (t) => {
    const e = t.throws(() => keySpecFor(algorithm), { instanceOf: MinikubeadmError });
    t.is(e?.code, 'CONFIG_INVALID');
    t.true(e!.message.includes(algorithm));
    t.regex(e!.hint ?? '', /encryptionAlgorithm/);
  });
}

test('keys are written as kubeadm does: PKCS#1 "RSA PRIVATE KEY" and SPKI "PUBLIC KEY", Go PEM layout', async (t) => {
  const { privateKey, publicKey } = await generateKey({ type: 'rsa', bits: 2048 });
  const pem = privateKeyToPem(privateKey);
  t.regex(pem, /^-----BEGIN RSA PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END RSA PRIVATE KEY-----\n$/);
  t.regex(publicKeyToPem(publicKey), /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
  t.true(sameKey(parsePrivateKey(pem, 'x.key'), publicKey));
  t.is(keyBits(privateKey), 2048);
  t.true(createPrivateKey(pem).equals(privateKey));
});

for (const [algorithm, curve] of [['ECDSA-P256', 'prime256v1'], ['ECDSA-P384', 'secp384r1']] as const) {
  test(`${algorithm} keys are written as kubeadm does: SEC1 "EC PRIVATE KEY" with the named curve, read back and recognised`, async (t) => {
    const { privateKey, publicKey } = await generateKey(keySpecFor(algorithm));
    t.is(privateKey.asymmetricKeyDetails?.namedCurve, curve);
    const pem = privateKeyToPem(privateKey);
    t.regex(pem, /^-----BEGIN EC PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END EC PRIVATE KEY-----\n$/);
    t.true(sameKey(parsePrivateKey(pem, 'x.key'), publicKey));
    t.is(algorithmOf(parsePrivateKey(pem, 'x.key')), algorithm);
    t.is(keyBits(privateKey), undefined);
  });
}

test('algorithmOf names the encryptionAlgorithm of a key, or what the key is when it is none of them', async (t) => {
  t.is(algorithmOf((await generateKey({ type: 'rsa', bits: 3072 })).privateKey), 'RSA-3072');
  const p521 = createPrivateKey((await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  t.is(algorithmOf(p521), 'EC secp521r1');
});

test('the key pool keeps RSA and EC keys apart', async (t) => {
  const pool = new KeyPool();
  pool.prefetch({ type: 'ec', curve: 'P-256' }, 1);
  t.is(pool.pending({ type: 'ec', curve: 'P-384' }), 0);
  t.is(pool.pending({ type: 'rsa', bits: 2048 }), 0);
  const key = await pool.take({ type: 'ec', curve: 'P-256' });
  t.is(key.privateKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
});

test('a key file that is not a key is PKI_INVALID naming the file', (t) => {
  const e = t.throws(() => parsePrivateKey('hello', '/etc/kubernetes/pki/ca.key'), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PKI_INVALID');
  t.true(e!.message.startsWith('/etc/kubernetes/pki/ca.key'));
  t.throws(() => parsePrivateKey('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n', 'bad.key'), { message: /bad\.key is not a readable private key/ });
});

test('the key pool hands out prefetched keys first, each once, then generates on demand', async (t) => {
  const pool = new KeyPool();
  const spec = { type: 'rsa', bits: 2048 } as const;
  pool.prefetch(spec, 2);
  t.is(pool.pending(spec), 2);
  const [a, b] = await Promise.all([pool.take(spec), pool.take(spec)]);
  t.is(pool.pending(spec), 0);
  const c = await pool.take(spec);
  t.false(sameKey(a.publicKey, b.publicKey));
  t.false(sameKey(b.publicKey, c.publicKey));
  t.is(pool.pending({ type: 'rsa', bits: 3072 }), 0);
});
