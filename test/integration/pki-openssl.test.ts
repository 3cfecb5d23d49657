/**
 * The certs phase checked by real openssl: every certificate chains to its CA, and its subject,
 * usages, SANs and dates as openssl reads them are what the certificate table says. Keys pass
 * `openssl rsa -check` and belong to their certificates; the pubkey pin matches openssl's recipe.
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

let dir = '';
let config: Config;
let started = 0;
let finished = 0;
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mka-openssl-'));
  const tc = await testContext({ cluster: { controlPlaneEndpoint: 'cp.example.com:6443', apiServer: { certSANs: ['api.example.com', 'fd00::99', '203.0.113.4'] } } }, { dir });
  config = tc.ctx.config;
  started = Date.now();
  await runPhases([certsPhase], tc.ctx);
  finished = Date.now();
});

const pki = (base: string, ext: string) => join(dir, 'pki', `${base}.${ext}`);
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

const checked = test.macro<[CertSpec]>({
  async exec(t, spec) {
    const ca = caSpecOf(spec) ?? spec;
    t.is(await openssl('verify', '-CAfile', pki(ca.baseName, 'crt'), pki(spec.baseName, 'crt')), `${pki(spec.baseName, 'crt')}: OK`);

    const got = await inspect(pki(spec.baseName, 'crt'));
    t.is(got.subject['CN'], spec.commonName(config));
    t.is(got.subject['O'], spec.organization[0]);
    t.deepEqual(got.basic, { critical: true, value: spec.ca ? 'CA:FALSE' : 'CA:TRUE' });
    t.deepEqual(got.keyUsage, { critical: true, value: spec.ca ? 'Digital Signature, Key Encipherment' : 'Digital Signature, Key Encipherment, Certificate Sign' });
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

    t.is((await openssl('rsa', '-in', pki(spec.baseName, 'key'), '-check', '-noout')).trim(), 'RSA key ok');
    const certModulus = await openssl('x509', '-in', pki(spec.baseName, 'crt'), '-noout', '-modulus');
    t.is(await openssl('rsa', '-in', pki(spec.baseName, 'key'), '-noout', '-modulus'), certModulus);
    t.regex(await readFile(pki(spec.baseName, 'key'), 'utf8'), /^-----BEGIN RSA PRIVATE KEY-----\n/);
  },
  title: (_, spec) => `openssl: ${spec.baseName}.crt chains, has the table's identity, usages, SANs and dates; its key is sound and matches`,
});

for (const spec of CERTIFICATES) test(checked, spec);

test('openssl: sa.key is a sound RSA key and sa.pub is its public key', async (t) => {
  t.is((await openssl('rsa', '-in', pki('sa', 'key'), '-check', '-noout')).trim(), 'RSA key ok');
  const derived = (await execa('openssl', ['rsa', '-in', pki('sa', 'key'), '-pubout'])).stdout;
  t.is(`${derived}\n`, await readFile(pki('sa', 'pub'), 'utf8'));
});

test("the CA pin equals openssl's recipe from the kubeadm docs", async (t) => {
  const pubkey = await execa('openssl', ['x509', '-pubkey', '-noout', '-in', pki('ca', 'crt')]);
  const der = await execa('openssl', ['rsa', '-pubin', '-outform', 'der'], { input: pubkey.stdout, encoding: 'buffer' });
  const digest = await execa('openssl', ['dgst', '-sha256', '-hex'], { input: der.stdout });
  t.is(hashCertificate(await readFile(pki('ca', 'crt'), 'utf8')), `sha256:${digest.stdout.split('= ')[1]!.trim()}`);
});
