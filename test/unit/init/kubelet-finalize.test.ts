import test from 'ava';
import { parse } from 'yaml';
import { enableClientCertRotation } from '../../../src/init/kubelet-finalize.js';
import { parseKubeconfig, serializeKubeconfig, withRotatingClientCert } from '../../../src/kubeconfig/kubeconfig.js';
import { testContext } from '../../helpers/config.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const kubeletConf = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: Q0E=
    server: https://192.0.2.10:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: system:node:node-1
  name: system:node:node-1@kubernetes
current-context: system:node:node-1@kubernetes
users:
- name: system:node:node-1
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
`;

const pointAtRotatingCert = (text: string, pem: string, file: string): string | undefined => {
  const updated = withRotatingClientCert(parseKubeconfig(text, file), pem, file);
  return updated && serializeKubeconfig(updated);
};

test('points the current user at the rotating pem, once, keeping clientcmd\'s layout', (t) => {
  const updated = pointAtRotatingCert(kubeletConf, '/var/lib/kubelet/pki/kubelet-client-current.pem', 'kubelet.conf')!;
  const user = (parse(updated) as { users: { user: Record<string, string> }[] }).users[0]!.user;
  t.deepEqual(user, { 'client-certificate': '/var/lib/kubelet/pki/kubelet-client-current.pem', 'client-key': '/var/lib/kubelet/pki/kubelet-client-current.pem' });
  t.is(pointAtRotatingCert(updated, '/var/lib/kubelet/pki/kubelet-client-current.pem', 'kubelet.conf'), undefined);
  const top = updated.split('\n').filter((l) => /^[A-Za-z-]+:/.test(l)).map((l) => l.split(':')[0]);
  t.deepEqual(top, ['apiVersion', 'clusters', 'contexts', 'current-context', 'kind', 'preferences', 'users'], 'keys sorted as every other kubeconfig');
});

test('skips without the rotating pem; rewrites kubelet.conf once it exists', async (t) => {
  const { ctx, paths, out } = await testContext();
  const conf = join(paths.kubeconfigDir, 'kubelet.conf');
  await writeFile(conf, kubeletConf, { mode: 0o600 });
  await enableClientCertRotation(ctx.withLog(ctx.log.withPrefix('kubelet-finalize')));
  t.regex(out(), /\[kubelet-finalize\] Skipping: ".*kubelet-client-current\.pem" does not exist yet/);
  await mkdir(join(paths.kubeletDir, 'pki'), { recursive: true });
  await writeFile(join(paths.kubeletDir, 'pki', 'kubelet-client-current.pem'), 'x');
  await enableClientCertRotation(ctx.withLog(ctx.log.withPrefix('kubelet-finalize')));
  t.regex(out(), /Updating ".*kubelet\.conf" to point to a rotatable kubelet client certificate and key/);
  t.true((await ctx.fs.readText(conf))!.includes('kubelet-client-current.pem'));
});
