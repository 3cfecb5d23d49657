/**
 * `certs generate-csr`: for an external CA, a private key and a certificate signing request for
 * every control-plane certificate (`<base>.key`, `<base>.csr` under the certificate directory) and
 * kubeconfig file (the file itself with only its key embedded, and `<name>.csr` next to it), with
 * the identities and SANs `init` would give them. Nothing is replaced: when any of the files exist,
 * nothing is written.
 */
import { join } from 'node:path';
import type { Config } from '../config/types.js';
import { MinikubeadmError } from '../errors.js';
import type { Fs } from '../host/fs.js';
import type { Logger } from '../log.js';
import { KUBECONFIG_MODE } from '../kubeconfig/ensure.js';
import { controlPlaneEndpoint, localAPIEndpoint } from '../kubeconfig/endpoint.js';
import { buildKubeconfig, serializeKubeconfig } from '../kubeconfig/kubeconfig.js';
import { KUBECONFIGS } from '../kubeconfig/specs.js';
import { altNamesFor, certificatesFor, isCA } from '../pki/certlist.js';
import { createCsrPem } from '../pki/csr.js';
import { KEY_MODE, PKI_DIR_MODE } from '../pki/files.js';
import { type KeyPool, keySpecFor, privateKeyToPem } from '../pki/keys.js';
import { certKeyPaths } from '../pki/paths.js';

const CSR_MODE = 0o644;

export interface CsrInputs {
  fs: Fs;
  config: Config;
  certificatesDir: string;
  kubeconfigDir: string;
  keys: KeyPool;
  log: Logger;
}

interface Planned {
  label: string;
  files: string[];
  write: () => Promise<void>;
}

export async function generateCsrs(inputs: CsrInputs): Promise<void> {
  const { fs, config, log } = inputs;
  const keySpec = keySpecFor(config.cluster.encryptionAlgorithm);
  const leaves = certificatesFor(config).filter((c) => !isCA(c));
  const warn = (m: string): void => log.withPrefix('certificates').warn(m);
  const certs: Planned[] = leaves.map((spec) => {
    const paths = certKeyPaths(inputs.certificatesDir, spec.baseName);
    const csr = join(inputs.certificatesDir, `${spec.baseName}.csr`);
    return {
      label: spec.baseName,
      files: [paths.key, csr],
      write: async () => {
        const keys = await inputs.keys.take(keySpec);
        const alt = altNamesFor(spec, config, warn);
        const pem = createCsrPem({ commonName: spec.commonName(config), organization: spec.organization(config), ...alt }, keys.privateKey);
        await fs.write(paths.key, privateKeyToPem(keys.privateKey), { mode: KEY_MODE, secret: true, dirMode: PKI_DIR_MODE });
        await fs.write(csr, pem, { mode: CSR_MODE, dirMode: PKI_DIR_MODE });
      },
    };
  });
  const kubeconfigs: Planned[] = KUBECONFIGS.map((spec) => {
    const file = join(inputs.kubeconfigDir, spec.file);
    return {
      label: spec.file,
      files: [file, `${file}.csr`],
      write: async () => {
        const keys = await inputs.keys.take(keySpec);
        const userName = spec.clientName(config);
        const server = spec.server === 'local' ? localAPIEndpoint(config.init.localAPIEndpoint) : controlPlaneEndpoint(config);
        const keyPem = privateKeyToPem(keys.privateKey);
        const kubeconfig = buildKubeconfig({ clusterName: config.cluster.clusterName, server, caCertPem: '', userName, clientKeyPem: keyPem });
        // Go leaves empty byte fields out: the CA and the client certificate are the CA's to fill in.
        delete kubeconfig.clusters[0]!.cluster['certificate-authority-data'];
        await fs.write(file, serializeKubeconfig(kubeconfig), { mode: KUBECONFIG_MODE, secret: true, dirMode: 0o755 });
        await fs.write(`${file}.csr`, createCsrPem({ commonName: userName, organization: spec.organization }, keys.privateKey), { mode: CSR_MODE, dirMode: 0o755 });
      },
    };
  });

  const all = [...certs, ...kubeconfigs];
  const existing: string[] = [];
  for (const p of all) for (const f of p.files) if (await fs.exists(f)) existing.push(f);
  if (existing.length > 0) {
    throw new MinikubeadmError('FILE_CONFLICT', `key or CSR already exists: ${existing.join(', ')}`, {
      hint: 'nothing was written: move these files away (or choose other --cert-dir / --kubeconfig-dir) and re-run',
    });
  }
  inputs.keys.prefetch(keySpec, all.length);
  log.print(`generating keys and CSRs in ${inputs.certificatesDir}`);
  for (const p of certs) {
    await p.write();
    log.print(`  ${p.label}`);
  }
  log.print(`generating keys and CSRs in ${inputs.kubeconfigDir}`);
  for (const p of kubeconfigs) {
    await p.write();
    log.print(`  ${p.label}`);
  }
}
