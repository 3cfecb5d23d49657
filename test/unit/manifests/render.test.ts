import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import { initManifestInputs, manifestPath } from '../../../src/manifests/render.js';
import { testContext } from '../../helpers/config.js';

test('host facts: extra CA dirs that exist, proxy variables, from injectable probes', async (t) => {
  const { ctx } = await testContext();
  const present = new Set(['/etc/pki/tls/certs', '/usr/local/share/ca-certificates']);
  const inputs = await initManifestInputs(ctx.config, ctx.paths, { exists: async (p) => present.has(p), env: { HTTPS_PROXY: 'http://p:3128', HOME: '/root' } });
  t.deepEqual(inputs.existingCADirs, ['/etc/pki/tls/certs', '/usr/local/share/ca-certificates']);
  t.deepEqual(inputs.proxyEnv, [{ name: 'HTTPS_PROXY', value: 'http://p:3128' }]);
  t.false(inputs.externalCA);
  t.is(inputs.nodeName, 'node-1');
  t.deepEqual(inputs.endpoint, { advertiseAddress: '192.0.2.10', bindPort: 6443 });
  t.is(inputs.healthCheckTimeout, ctx.config.init.timeouts.controlPlaneComponentHealthCheck);
  t.is(inputs.paths, ctx.paths);
});

test('external CA mode: ca.crt without ca.key', async (t) => {
  const { ctx, paths } = await testContext();
  await mkdir(paths.certificatesDir, { recursive: true });
  await writeFile(join(paths.certificatesDir, 'ca.crt'), 'x');
  t.true((await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: {} })).externalCA);
  await writeFile(join(paths.certificatesDir, 'ca.key'), 'x');
  t.false((await initManifestInputs(ctx.config, ctx.paths, { exists: (p) => ctx.fs.exists(p), env: {} })).externalCA);
});

test('manifest files live in the manifests dir', async (t) => {
  const { ctx, paths } = await testContext();
  t.is(manifestPath(ctx.paths, 'etcd'), join(paths.manifestsDir, 'etcd.yaml'));
});
