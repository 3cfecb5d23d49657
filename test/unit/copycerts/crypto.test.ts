import test from 'ava';
import { CERTIFICATE_KEY_BYTES, createCertificateKey, decryptBytes, encryptBytes } from '../../../src/copycerts/crypto.js';
import { MinikubeadmError } from '../../../src/errors.js';

// kubeadm's util/crypto test vector (TestEncryptBytes).
const KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const NONCE = Buffer.from('000102030405060708090a0b', 'hex');
const PLAIN = Buffer.from('Lorem ipsum dolor sit amet, consectetur adipiscing elit.');
const SEALED =
  '000102030405060708090a0b0b6da47ea8c5ab6bfe34faabd5861402f1f6f45d845b3e115d13c9a57e066ec16473da99dbb460b815c0169de1f44b51803e40e836bfd7f400ec51530fe6c4d4ddf7de0fb66aeee1';

test('the reference vector: nonce ‖ ciphertext ‖ tag, byte for byte', (t) => {
  const out = encryptBytes(PLAIN, KEY, NONCE);
  t.is(out.length, 84);
  t.is(out.length, NONCE.length + PLAIN.length + 16);
  t.is(out.toString('hex'), SEALED);
});

test('WebCrypto AES-256-GCM (another implementation) gives the same bytes', async (t) => {
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', Buffer.from(KEY, 'hex'), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const sealed = Buffer.from(await subtle.encrypt({ name: 'AES-GCM', iv: NONCE, tagLength: 128 }, key, PLAIN));
  const ours = encryptBytes(PLAIN, KEY, NONCE);
  t.true(Buffer.concat([NONCE, sealed]).equals(ours));
  // And WebCrypto opens what we sealed with a random nonce.
  const random = encryptBytes(PLAIN, KEY);
  const opened = Buffer.from(await subtle.decrypt({ name: 'AES-GCM', iv: random.subarray(0, 12), tagLength: 128 }, key, random.subarray(12)));
  t.true(opened.equals(PLAIN));
});

test('decryptBytes opens the vector and random-nonce output; each encryption has its own nonce', (t) => {
  t.true(decryptBytes(Buffer.from(SEALED, 'hex'), KEY).equals(PLAIN));
  const a = encryptBytes(PLAIN, KEY);
  const b = encryptBytes(PLAIN, KEY);
  t.false(a.subarray(0, 12).equals(b.subarray(0, 12)));
  t.false(a.equals(b));
  t.true(decryptBytes(a, KEY).equals(PLAIN));
  t.true(decryptBytes(b, KEY.toUpperCase()).equals(PLAIN), 'upper-case hex is the same key');
  t.is(decryptBytes(encryptBytes(Buffer.alloc(0), KEY), KEY).length, 0);
});

test('a wrong key or an altered byte fails authentication', (t) => {
  const sealed = Buffer.from(SEALED, 'hex');
  const other = createCertificateKey();
  t.throws(() => decryptBytes(sealed, other), { instanceOf: Error, message: 'cipher: message authentication failed' });
  for (const i of [0, 20, sealed.length - 1]) {
    const altered = Buffer.from(sealed);
    altered[i] ^= 0x01;
    t.throws(() => decryptBytes(altered, KEY), { message: 'cipher: message authentication failed' }, `byte ${i}`);
  }
});

test('data shorter than the nonce, or than nonce and tag', (t) => {
  t.throws(() => decryptBytes(Buffer.alloc(11), KEY), { message: 'size of data is less than the nonce' });
  t.throws(() => decryptBytes(Buffer.alloc(27), KEY), { message: 'size of data is less than the nonce and the authentication tag' });
  t.throws(() => decryptBytes(Buffer.alloc(28), KEY), { message: 'cipher: message authentication failed' }, 'an empty ciphertext with a bad tag');
});

test('a key that is not hex, or not 32 bytes: FLAG_INVALID with the way to get a good one', (t) => {
  const hint = /64 hex characters printed by `minikubeadm init --upload-certs` or `minikubeadm certs certificate-key`/;
  for (const key of ['zz'.repeat(32), 'abc', `${KEY.slice(0, 63)}g`]) {
    const e = t.throws(() => encryptBytes(PLAIN, key), { instanceOf: MinikubeadmError });
    t.is(e!.code, 'FLAG_INVALID');
    t.is(e!.message, 'error decoding certificate key: it is not hexadecimal');
    t.regex(e!.hint!, hint);
  }
  for (const [key, size] of [[KEY.slice(0, 32), 16], [`${KEY}00`, 33], ['', 0]] as const) {
    const e = t.throws(() => encryptBytes(PLAIN, key), { instanceOf: MinikubeadmError });
    t.is(e!.code, 'FLAG_INVALID');
    t.is(e!.message, `invalid certificate key size ${size}, the key must be an AES key of size ${CERTIFICATE_KEY_BYTES}`);
    t.regex(e!.hint!, hint);
  }
  const e = t.throws(() => decryptBytes(Buffer.from(SEALED, 'hex'), KEY.slice(2)), { instanceOf: MinikubeadmError });
  t.is(e!.code, 'FLAG_INVALID');
});

test('createCertificateKey: 64 lower-case hex characters, new each time', (t) => {
  const keys = new Set(Array.from({ length: 20 }, () => createCertificateKey()));
  t.is(keys.size, 20);
  for (const k of keys) {
    t.regex(k, /^[0-9a-f]{64}$/);
    t.true(decryptBytes(encryptBytes(PLAIN, k), k).equals(PLAIN));
  }
});
