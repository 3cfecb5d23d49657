/**
 * A kubeadm-shaped PKI made by openssl alone (no minikubeadm code), with a chosen validity for each
 * certificate: the three CAs, every leaf certificate with kubeadm's subjects and SANs, and the
 * kubeconfig files with their client certificates embedded. For the certs commands' integration tests.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function openssl(...args: string[]): Promise<string> {
  const { stdout } = await exec('openssl', args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

const DAY = 86_400_000;
/** openssl ca's date form, YYYYMMDDHHMMSSZ. */
const asn1Time = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

interface Leaf {
  name: string;
  base: string;
  ca: 'ca' | 'front-proxy-ca' | 'etcd/ca';
  cn: string;
  o?: string;
  eku: string;
  sans?: string;
}

export const LEAVES: readonly Leaf[] = [
  { name: 'apiserver', base: 'apiserver', ca: 'ca', cn: 'kube-apiserver', eku: 'serverAuth', sans: 'DNS:cp1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1,IP:192.0.2.10' },
  { name: 'apiserver-kubelet-client', base: 'apiserver-kubelet-client', ca: 'ca', cn: 'kube-apiserver-kubelet-client', o: 'kubeadm:cluster-admins', eku: 'clientAuth' },
  { name: 'front-proxy-client', base: 'front-proxy-client', ca: 'front-proxy-ca', cn: 'front-proxy-client', eku: 'clientAuth' },
  { name: 'etcd-server', base: 'etcd/server', ca: 'etcd/ca', cn: 'cp1', eku: 'serverAuth,clientAuth', sans: 'DNS:cp1,DNS:localhost,IP:192.0.2.10,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1' },
  { name: 'etcd-peer', base: 'etcd/peer', ca: 'etcd/ca', cn: 'cp1', eku: 'serverAuth,clientAuth', sans: 'DNS:cp1,DNS:localhost,IP:192.0.2.10,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1' },
  { name: 'etcd-healthcheck-client', base: 'etcd/healthcheck-client', ca: 'etcd/ca', cn: 'kube-etcd-healthcheck-client', eku: 'clientAuth' },
  { name: 'apiserver-etcd-client', base: 'apiserver-etcd-client', ca: 'etcd/ca', cn: 'kube-apiserver-etcd-client', eku: 'clientAuth' },
];

export const KUBECONFIG_USERS: readonly { file: string; cn: string; o?: string; server: string }[] = [
  { file: 'admin.conf', cn: 'kubernetes-admin', o: 'kubeadm:cluster-admins', server: 'https://192.0.2.10:6443' },
  { file: 'super-admin.conf', cn: 'kubernetes-super-admin', o: 'system:masters', server: 'https://192.0.2.10:6443' },
  { file: 'controller-manager.conf', cn: 'system:kube-controller-manager', server: 'https://192.0.2.10:6443' },
  { file: 'scheduler.conf', cn: 'system:kube-scheduler', server: 'https://192.0.2.10:6443' },
  { file: 'kubelet.conf', cn: 'system:node:cp1', o: 'system:nodes', server: 'https://192.0.2.10:6443' },
];

const CA_CN: Record<string, string> = { ca: 'kubernetes', 'front-proxy-ca': 'front-proxy-ca', 'etcd/ca': 'etcd-ca' };

/** Validity of each certificate by kubeadm name (`apiserver`, `admin.conf`, `ca`, `etcd-ca`, …); default one year from now. */
export type Validities = Partial<Record<string, Validity>>;

export function validFor(ms: number, from = new Date()): Validity {
  return { notBefore: new Date(from.getTime() - DAY), notAfter: new Date(from.getTime() + ms) };
}

/** Writes `<kubernetesDir>/pki/…` and `<kubernetesDir>/*.conf`. */
export async function opensslPki(kubernetesDir: string, validities: Validities = {}): Promise<void> {
  const pki = join(kubernetesDir, 'pki');
  const work = join(kubernetesDir, '.openssl');
  await mkdir(join(pki, 'etcd'), { recursive: true });
  await mkdir(join(work, 'new'), { recursive: true });
  await writeFile(join(work, 'index.txt'), '');
  await writeFile(join(work, 'serial'), '1000\n');
  const cnf = join(work, 'ca.cnf');
  await writeFile(
    cnf,
    [
      '[ca]',
      'default_ca = d',
      '[d]',
      `database = ${join(work, 'index.txt')}`,
      `new_certs_dir = ${join(work, 'new')}`,
      `serial = ${join(work, 'serial')}`,
      'default_md = sha256',
      'policy = p',
      'unique_subject = no',
      '[p]',
      'organizationName = optional',
      'commonName = supplied',
      '[req]',
      'distinguished_name = dn',
      '[dn]',
      '',
    ].join('\n'),
  );
  const validity = (name: string, fallback: Validity): Validity => validities[name] ?? fallback;
  const year = validFor(365 * DAY);
  const subj = (cn: string, o?: string): string => `${o ? `/O=${o}` : ''}/CN=${cn}`;

  /** `issuer`: the CA's base name, or the CA's own key file for a self-signed CA. */
  const sign = async (csr: string, out: string, v: Validity, ext: string, issuer: { ca: string } | { selfKey: string }): Promise<void> => {
    const extFile = `${csr}.ext`;
    await writeFile(extFile, ext);
    const by = 'ca' in issuer ? ['-cert', join(pki, `${issuer.ca}.crt`), '-keyfile', join(pki, `${issuer.ca}.key`)] : ['-selfsign', '-keyfile', issuer.selfKey];
    await openssl('ca', '-batch', '-notext', '-preserveDN', '-config', cnf, ...by, '-in', csr, '-out', out, '-startdate', asn1Time(v.notBefore), '-enddate', asn1Time(v.notAfter), '-extfile', extFile);
  };
  const keyAndCsr = async (keyFile: string, csrFile: string, subject: string): Promise<void> => {
    await mkdir(dirname(keyFile), { recursive: true });
    await openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csrFile, '-subj', subject, '-config', cnf);
  };

  for (const ca of ['ca', 'front-proxy-ca', 'etcd/ca'] as const) {
    const key = join(pki, `${ca}.key`);
    const csr = join(work, `${ca.replace('/', '-')}.csr`);
    await keyAndCsr(key, csr, subj(CA_CN[ca]!));
    const v = validity(ca === 'etcd/ca' ? 'etcd-ca' : ca, validFor(3650 * DAY));
    const ext = `basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyEncipherment,keyCertSign\nsubjectKeyIdentifier=hash\nsubjectAltName=DNS:${CA_CN[ca]}\n`;
    await sign(csr, join(pki, `${ca}.crt`), v, ext, { selfKey: key });
  }
  for (const leaf of LEAVES) {
    const key = join(pki, `${leaf.base}.key`);
    const csr = join(work, `${leaf.base.replace('/', '-')}.csr`);
    await keyAndCsr(key, csr, subj(leaf.cn, leaf.o));
    const ext = [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${leaf.eku}`,
      'authorityKeyIdentifier=keyid',
      ...(leaf.sans ? [`subjectAltName=${leaf.sans}`] : []),
      '',
    ].join('\n');
    await sign(csr, join(pki, `${leaf.base}.crt`), validity(leaf.name, year), ext, { ca: leaf.ca });
  }
  await openssl('genrsa', '-out', join(pki, 'sa.key'), '2048');
  await openssl('rsa', '-in', join(pki, 'sa.key'), '-pubout', '-out', join(pki, 'sa.pub'));

  const caData = (await readFile(join(pki, 'ca.crt'))).toString('base64');
  for (const u of KUBECONFIG_USERS) {
    const key = join(work, `${u.file}.key`);
    const csr = join(work, `${u.file}.csr`);
    const crt = join(work, `${u.file}.crt`);
    await keyAndCsr(key, csr, subj(u.cn, u.o));
    await sign(csr, crt, validity(u.file, year), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n', { ca: 'ca' });
    const pem = (await readFile(crt, 'utf8')).replace(/^[\s\S]*?(-----BEGIN CERTIFICATE-----)/, '$1');
    await writeFile(
      join(kubernetesDir, u.file),
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        `    certificate-authority-data: ${caData}`,
        `    server: ${u.server}`,
        '  name: kubernetes',
        'contexts:',
        '- context:',
        '    cluster: kubernetes',
        `    user: ${u.cn}`,
        `  name: ${u.cn}@kubernetes`,
        `current-context: ${u.cn}@kubernetes`,
        'kind: Config',
        'preferences: {}',
        'users:',
        `- name: ${u.cn}`,
        '  user:',
        `    client-certificate-data: ${Buffer.from(pem).toString('base64')}`,
        `    client-key-data: ${(await readFile(key)).toString('base64')}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
  }
}

/** The client certificate and key PEM embedded in a kubeconfig file (read without minikubeadm's code). */
export async function embedded(file: string): Promise<{ cert: string; key: string; ca: string }> {
  const text = await readFile(file, 'utf8');
  const field = (name: string): string => {
    const m = new RegExp(`${name}: (\\S+)`).exec(text);
    if (!m) throw new Error(`${file} has no ${name}`);
    return Buffer.from(m[1]!, 'base64').toString('utf8');
  };
  return { cert: field('client-certificate-data'), key: field('client-key-data'), ca: field('certificate-authority-data') };
}

/** openssl's notAfter of a PEM certificate file. */
export async function notAfterOf(certFile: string): Promise<Date> {
  const out = await openssl('x509', '-in', certFile, '-noout', '-enddate');
  return new Date(out.trim().replace(/^notAfter=/, ''));
}

export interface CertFacts {
  fingerprint: string;
  subject: string;
  issuer: string;
  /** subjectAltName and extendedKeyUsage as openssl prints them. */
  extensions: string;
  notAfter: Date;
  publicKey: string;
}

/** What openssl reads from a certificate file. */
export async function certFacts(certFile: string): Promise<CertFacts> {
  const out = await openssl('x509', '-in', certFile, '-noout', '-fingerprint', '-sha256', '-subject', '-issuer', '-enddate', '-nameopt', 'RFC2253', '-ext', 'subjectAltName,extendedKeyUsage');
  const line = (prefix: string): string => (out.split('\n').find((l) => l.startsWith(prefix)) ?? '').slice(prefix.length).trim();
  return {
    fingerprint: line('sha256 Fingerprint='),
    subject: line('subject='),
    issuer: line('issuer='),
    extensions: out.slice(out.indexOf('X509v3')).trim(),
    notAfter: new Date(line('notAfter=')),
    publicKey: await openssl('x509', '-in', certFile, '-noout', '-pubkey'),
  };
}

/** The public key of a private key file, as openssl derives it. */
export async function publicKeyOf(keyFile: string): Promise<string> {
  return openssl('pkey', '-in', keyFile, '-pubout');
}

/** openssl verify of `certFile` against `caFile`: true when the chain is good. */
export async function verifies(caFile: string, certFile: string): Promise<boolean> {
  return openssl('verify', '-CAfile', caFile, certFile).then(
    (out) => out.trim().endsWith(': OK'),
    () => false,
  );
}
