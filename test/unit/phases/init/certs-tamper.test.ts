/** The certs phase stops, names the file and replaces nothing when an existing file does not fit. */
import test from 'ava';
import { createPublicKey } from 'node:crypto';
import { copyFile, mkdtemp, readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../../src/config/types.js';
import { type ErrorCode, MinikubeadmError } from '../../../../src/errors.js';
import { parsePrivateKey, publicKeyToPem } from '../../../../src/pki/keys.js';
import { type DeepPartial } from '../../../helpers/config.js';
import { copyTree, snapshot } from '../../../helpers/pki.js';
import { NOW, YEAR, certs, pki } from './certs-helpers.js';

// One full PKI (16 RSA keys) made once; every case that tampers with files works on its own copy.
let pristine = '';
test.before(async () => {
  pristine = await mkdtemp(join(tmpdir(), 'mka-certs-'));
  await certs(pristine);
});

interface Tamper {
  title: string;
  change?: (dir: string) => Promise<void>;
  run?: { patch?: DeepPartial<Config>; now?: Date; only?: string };
  code: ErrorCode;
  message: RegExp;
}

let otherCA = '';
test.before(async () => {
  otherCA = await mkdtemp(join(tmpdir(), 'mka-certs-other-'));
  await certs(otherCA, { only: 'certs/ca' });
  await certs(otherCA, { only: 'certs/apiserver' });
});

const tamper = test.macro<[Tamper]>({
  async exec(t, c) {
    const dir = await copyTree(pristine);
    await c.change?.(dir);
    const before = await snapshot(dir);
    const e = await t.throwsAsync(certs(dir, c.run ?? {}), { instanceOf: MinikubeadmError });
    t.is(e?.code, c.code);
    t.regex(e!.message, c.message);
    t.truthy(e?.hint);
    t.deepEqual(await snapshot(dir), before, 'nothing was replaced or written');
  },
  title: (_, c) => `stops and replaces nothing: ${c.title}`,
});

test(tamper, {
  title: 'apiserver.crt signed by another CA of the same name',
  change: async (dir) => {
    await copyFile(pki(otherCA, 'apiserver.crt'), pki(dir, 'apiserver.crt'));
    await copyFile(pki(otherCA, 'apiserver.key'), pki(dir, 'apiserver.key'));
  },
  code: 'PKI_INVALID',
  message: /certs\/apiserver: existing certificate .*apiserver\.crt is not signed by the CA in .*pki\/ca\.crt \(its issuer is "kubernetes"\)$/,
});
test(tamper, {
  title: 'apiserver.crt lacks a SAN the config now asks for',
  run: { patch: { cluster: { apiServer: { certSANs: ['api.example.com', '203.0.113.9'] } } } },
  code: 'PKI_INVALID',
  message: /apiserver\.crt is missing SAN DNS:api\.example\.com, IP:203\.0\.113\.9$/,
});
test(tamper, {
  title: 'a certificate has expired',
  run: { now: new Date(NOW.getTime() + YEAR + 86_400_000) },
  code: 'PKI_INVALID',
  message: /certs\/apiserver: existing certificate .*apiserver\.crt has expired \(NotAfter 2031-01-01T00:00:00Z, now 2031-01-02T00:00:00Z\)$/,
});
test(tamper, {
  title: 'a CA is not valid yet (clock behind)',
  run: { now: new Date(NOW.getTime() - 86_400_000) },
  code: 'PKI_INVALID',
  message: /certs\/ca: existing certificate .*pki\/ca\.crt is not valid yet/,
});
test(tamper, {
  title: 'apiserver.key does not belong to apiserver.crt',
  change: (dir) => copyFile(pki(dir, 'apiserver-kubelet-client.key'), pki(dir, 'apiserver.key')),
  code: 'PKI_INVALID',
  message: /apiserver\.crt does not match the private key in .*apiserver\.key$/,
});
test(tamper, {
  title: 'etcd/server has another node name as CN and SAN',
  run: { patch: { init: { nodeRegistration: { name: 'node-2' } } }, only: 'certs/etcd-server' },
  code: 'PKI_INVALID',
  message: /etcd\/server\.crt has CommonName "node-1", expected "node-2"; is missing SAN DNS:node-2$/,
});
test(tamper, {
  title: 'a certificate without its key',
  change: (dir) => unlink(pki(dir, 'front-proxy-client.key')),
  code: 'PKI_INVALID',
  message: /front-proxy-client\.crt exists without .*front-proxy-client\.key$/,
});
test(tamper, {
  title: 'a key without its certificate',
  change: (dir) => unlink(pki(dir, 'etcd/peer.crt')),
  code: 'PKI_INVALID',
  message: /etcd\/peer\.key exists without .*etcd\/peer\.crt$/,
});
test(tamper, {
  title: 'a CA file that is not a CA',
  change: async (dir) => {
    await copyFile(pki(dir, 'front-proxy-client.crt'), pki(dir, 'front-proxy-ca.crt'));
  },
  code: 'PKI_INVALID',
  message: /front-proxy-ca\.crt is not a certificate authority/,
});
test(tamper, {
  title: 'a certificate file that is not PEM',
  change: (dir) => writeFile(pki(dir, 'ca.crt'), 'junk\n'),
  code: 'PKI_INVALID',
  message: /pki\/ca\.crt does not contain a PEM certificate/,
});
test(tamper, {
  title: 'sa.pub is not the public half of sa.key',
  change: async (dir) => {
    const other = parsePrivateKey(await readFile(pki(dir, 'apiserver.key'), 'utf8'), 'apiserver.key');
    await writeFile(pki(dir, 'sa.pub'), publicKeyToPem(createPublicKey(other)));
  },
  code: 'PKI_INVALID',
  message: /sa\.pub is not the public key of .*sa\.key/,
});

// kubeadm cannot switch the key type of an existing PKI: a config that asks for another one is reported.
test(tamper, {
  title: 'the config switches an RSA-2048 PKI to ECDSA-P256',
  run: { patch: { cluster: { encryptionAlgorithm: 'ECDSA-P256' } } },
  code: 'PKI_INVALID',
  message: /certs\/ca: .*pki\/ca\.key holds an RSA-2048 key, but ClusterConfiguration\.encryptionAlgorithm is ECDSA-P256: the algorithm of an existing PKI cannot be changed$/,
});
test(tamper, {
  title: 'the config switches the key size: RSA-2048 to RSA-4096, one leaf phase',
  run: { patch: { cluster: { encryptionAlgorithm: 'RSA-4096' } }, only: 'certs/apiserver' },
  code: 'PKI_INVALID',
  message: /certs\/apiserver: .*pki\/apiserver\.key holds an RSA-2048 key, but ClusterConfiguration\.encryptionAlgorithm is RSA-4096/,
});
test(tamper, {
  title: 'a missing leaf would be signed by a CA of another algorithm',
  change: async (dir) => {
    await unlink(pki(dir, 'front-proxy-client.crt'));
    await unlink(pki(dir, 'front-proxy-client.key'));
  },
  run: { patch: { cluster: { encryptionAlgorithm: 'ECDSA-P384' } }, only: 'certs/front-proxy-client' },
  code: 'PKI_INVALID',
  message: /certs\/front-proxy-client: .*pki\/front-proxy-ca\.key holds an RSA-2048 key, but ClusterConfiguration\.encryptionAlgorithm is ECDSA-P384/,
});
test(tamper, {
  title: 'sa.key of another algorithm',
  run: { patch: { cluster: { encryptionAlgorithm: 'ECDSA-P256' } }, only: 'certs/sa' },
  code: 'PKI_INVALID',
  message: /certs\/sa: .*pki\/sa\.key holds an RSA-2048 key, but ClusterConfiguration\.encryptionAlgorithm is ECDSA-P256/,
});
