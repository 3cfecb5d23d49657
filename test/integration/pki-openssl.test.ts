/**
 * The certs phase checked by real openssl, for an RSA-2048, an ECDSA-P256 and an ECDSA-P384 PKI:
 * every certificate chains to its CA, and its subject, usages (KeyEncipherment on RSA keys only),
 * SANs, dates, key type and signature algorithm as openssl reads them are what the certificate table
 * and encryptionAlgorithm say. Keys pass openssl's key check and belong to their certificates; the
 * pubkey pin matches openssl's recipe.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certsPhase } from '../../phases/init/certs.js';
import type { Config } from '../../src/config/types.js';
import { CERTIFICATES, type CertSpec, altNamesFor, caSpecOf } from '../../src/pki/certlist.js';
import { canonicalIP } from '../../src/net/ip.js';
import { hashCertificate } from '../../src/pki/pubkeypin.js';
import { runPhases } from '../../src/workflow/runner.js';
import { testContext } from '../helpers/config.js';

type Algorithm = 'RSA-2048' | 'ECDSA-P256' | 'ECDSA-P384';
/** What openssl prints for each algorithm: the key, and the signature its CA makes. */
const EXPECT: Record<Algorithm, { key: RegExp; signature: string; keyPem: string }> = {
  'RSA-2048': { key: /(Public|Private)-Key: \(2048 bit/, signature: 'sha256WithRSAEncryption', keyPem: 'RSA PRIVATE KEY' },
  'ECDSA-P256': { key: /ASN1 OID: prime256v1\n\s*NIST CURVE: P-256/, signature: 'ecdsa-with-SHA256', keyPem: 'EC PRIVATE KEY' },
  'ECDSA-P384': { key: /ASN1 OID: secp384r1\n\s*NIST CURVE: P-384/, signature: 'ecdsa-with-SHA384', keyPem: 'EC PRIVATE KEY' },
};
const ALGORITHMS = Object.keys(EXPECT) as Algorithm[];

interface Pki {
  dir: string;
  config: Config;
  started: number;
  finished: number;
}

const made = new Map<Algorithm, Promise<Pki>>();
/** One PKI per algorithm, made by the real certs phase the first time a test asks for it. */
function pkiOf(algorithm: Algorithm): Promise<Pki> {
  let p = made.get(algorithm);
  if (!p) {
    p = (async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mka-openssl-'));
      const tc = await testContext(
        { cluster: { encryptionAlgorithm: algorithm, controlPlaneEndpoint: 'cp.example.com:6443', apiServer: { certSANs: ['api.example.com', 'fd00::99', '203.0.113.4'] } } },
        { dir },
      );
      const started = Date.now();
      await runPhases([certsPhase], tc.ctx);
      return { dir, config: tc.ctx.config, started, finished: Date.now() };
    })();
    made.set(algorithm, p);
  }
  return p;
}

const file = (p: Pki, base: string, ext: string) => join(p.dir, 'pki', `${base}.${ext}`);
const openssl = async (...args: string[]) => (await execa('openssl', args)).stdout;

/** `openssl x509 -noout -subject -dates -ext …` parsed into fields. */
async function inspect(file: string) {
  const out = await openssl('x509', '-in', file, '-noout', '-subject', '-dates', '-ext', 'keyUsage,extendedKeyUsage,subjectAltName,basicConstraints');
  const line = (key: string) => out.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  const ext = (name: string) => {
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.startsWith(`X509v3 ${name}:`));
    return i < 0 ? undefined : { critical: lines[i]!.includes('critical'), value: lines[i + 1]!.trim() };
  };
  const subject = Object.fromEntries(line('subject').split(', ').map((kv) => kv.split(' = ') as [string, string]));
  return {
    subject,
    notBefore: Date.parse(line('notBefore')),
    notAfter: Date.parse(line('notAfter')),
    keyUsage: ext('Key Usage'),
    extKeyUsage: ext('Extended Key Usage'),
    san: ext('Subject Alternative Name'),
    basic: ext('Basic Constraints'),
  };
}

const EKU_NAMES: Record<string, string> = { serverAuth: 'TLS Web Server Authentication', clientAuth: 'TLS Web Client Authentication' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const checked = test.macro<[Algorithm, CertSpec]>({
  async exec(t, algorithm, spec) {
    const p = await pkiOf(algorithm);
    const { config, started, finished } = p;
    const pki = (base: string, ext: string) => file(p, base, ext);
    const rsa = algorithm.startsWith('RSA');
    const ca = caSpecOf(spec) ?? spec;
    t.is(await openssl('verify', '-CAfile', pki(ca.baseName, 'crt'), pki(spec.baseName, 'crt')), `${pki(spec.baseName, 'crt')}: OK`);

    const got = await inspect(pki(spec.baseName, 'crt'));
    t.is(got.subject['CN'], spec.commonName(config));
    t.is(got.subject['O'], spec.organization(config)[0]);
    t.deepEqual(got.basic, { critical: true, value: spec.ca ? 'CA:FALSE' : 'CA:TRUE' });
    // KeyEncipherment only on RSA keys (kubeadm also sets it on ECDSA keys, a bug upstream is fixing).
    const usage = ['Digital Signature', ...(rsa ? ['Key Encipherment'] : []), ...(spec.ca ? [] : ['Certificate Sign'])].join(', ');
    t.deepEqual(got.keyUsage, { critical: true, value: usage });
    t.is(got.extKeyUsage?.value, spec.usages.length ? spec.usages.map((u) => EKU_NAMES[u]).join(', ') : undefined);
    const alt = altNamesFor(spec, config, () => undefined);
    const sans = (got.san?.value ?? '').split(', ').filter(Boolean);
    t.deepEqual(
      sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4)),
      alt.dnsNames,
    );
    t.deepEqual(
      sans.filter((s) => s.startsWith('IP Address:')).map((s) => canonicalIP(s.slice(11))),
      alt.ips,
    );

    // Dates: leaves from run time − 5 min for certificateValidityPeriod (8760h), CAs from run time for 87600h.
    const [backdate, hours] = spec.ca ? [5 * MINUTE, 8760] : [0, 87600];
    t.true(got.notBefore >= Math.floor(started / 1000) * 1000 - backdate && got.notBefore <= finished - backdate, `${spec.name} notBefore`);
    t.is(got.notAfter - got.notBefore, hours * HOUR + backdate, `${spec.name} validity length`);

    // The key type of encryptionAlgorithm, and the signature Go's x509 makes with the CA's key.
    const text = await openssl('x509', '-in', pki(spec.baseName, 'crt'), '-noout', '-text');
    t.regex(text, EXPECT[algorithm].key);
    t.is(/Signature Algorithm: (\S+)/.exec(text)?.[1], EXPECT[algorithm].signature);

    if (rsa) t.is((await openssl('rsa', '-in', pki(spec.baseName, 'key'), '-check', '-noout')).trim(), 'RSA key ok');
    t.is((await execa('openssl', ['pkey', '-in', pki(spec.baseName, 'key'), '-check', '-noout'])).stdout.trim(), 'Key is valid');
    const certPub = await openssl('x509', '-in', pki(spec.baseName, 'crt'), '-noout', '-pubkey');
    t.is(await openssl('pkey', '-in', pki(spec.baseName, 'key'), '-pubout'), certPub);
    t.true((await readFile(pki(spec.baseName, 'key'), 'utf8')).startsWith(`-----BEGIN ${EXPECT[algorithm].keyPem}-----\n`));
  },
  title: (_, algorithm, spec) => `openssl, ${algorithm}: ${spec.baseName}.crt chains, has the table's identity, usages, SANs, dates and key type; its key is sound and matches`,
});

for (const algorithm of ALGORITHMS) for (const spec of CERTIFICATES) test(checked, algorithm, spec);

for (const algorithm of ALGORITHMS) {
  test(`openssl, ${algorithm}: sa.key is a sound key of encryptionAlgorithm and sa.pub is its public key`, async (t) => {
    const p = await pkiOf(algorithm);
    const key = file(p, 'sa', 'key');
    t.is((await openssl('pkey', '-in', key, '-check', '-noout')).trim(), 'Key is valid');
    t.true((await readFile(key, 'utf8')).startsWith(`-----BEGIN ${EXPECT[algorithm].keyPem}-----\n`));
    t.regex(await openssl('pkey', '-in', key, '-noout', '-text'), EXPECT[algorithm].key);
    const derived = await openssl('pkey', '-in', key, '-pubout');
    t.is(`${derived}\n`, await readFile(file(p, 'sa', 'pub'), 'utf8'));
  });

  test(`openssl, ${algorithm}: the CA pin equals \`openssl pkey -pubin -outform der | sha256sum\``, async (t) => {
    const ca = file(await pkiOf(algorithm), 'ca', 'crt');
    const pubkey = await execa('openssl', ['x509', '-pubkey', '-noout', '-in', ca]);
    const der = await execa('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: pubkey.stdout, encoding: 'buffer', stripFinalNewline: false });
    const sum = await execa('sha256sum', { input: der.stdout });
    t.is(hashCertificate(await readFile(ca, 'utf8')), `sha256:${sum.stdout.split(' ')[0]}`);
  });
}

test("openssl: the RSA CA pin equals openssl's recipe from the kubeadm docs", async (t) => {
  const ca = file(await pkiOf('RSA-2048'), 'ca', 'crt');
  const pubkey = await execa('openssl', ['x509', '-pubkey', '-noout', '-in', ca]);
  const der = await execa('openssl', ['rsa', '-pubin', '-outform', 'der'], { input: pubkey.stdout, encoding: 'buffer', stripFinalNewline: false });
  const digest = await execa('openssl', ['dgst', '-sha256', '-hex'], { input: der.stdout });
  t.is(hashCertificate(await readFile(ca, 'utf8')), `sha256:${digest.stdout.split('= ')[1]!.trim()}`);
});
