import test from 'ava';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realHost } from '../../../../src/host/system.js';
import { dirAvailableCheck, fileAvailableCheck, fileContentCheck, filesExistingCheck, inPathCheck } from '../../../../src/preflight/checks/files.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

const MANIFEST = '/etc/kubernetes/manifests/kube-apiserver.yaml';

test('FileAvailable is named after the path and fails when the file exists', async (t) => {
  const plan = await defaultPlan();
  const check = fileAvailableCheck(MANIFEST);
  t.is(check.name, 'FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml');
  t.true((await runOne(check, fixtureHost('healthy'), plan)).passed);
  const r = await runOne(check, fixtureHost('files-present'), plan);
  t.like(r, { name: 'FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml', severity: 'error', passed: false, message: `${MANIFEST} already exists` });
  t.regex(r.hint!, /reset/);
});

test('DirAvailable passes for a missing or empty directory and fails for one with data', async (t) => {
  const plan = await defaultPlan();
  const check = dirAvailableCheck('/var/lib/etcd');
  t.is(check.name, 'DirAvailable--var-lib-etcd');
  t.like(await runOne(check, fixtureHost('healthy'), plan), { passed: true, message: '/var/lib/etcd does not exist yet' });
  const r = await runOne(check, fixtureHost('files-present'), plan);
  t.like(r, { name: 'DirAvailable--var-lib-etcd', severity: 'error', passed: false, message: '/var/lib/etcd is not empty' });
  t.regex(r.hint!, /dataDir/);
  const dir = await mkdtemp(join(tmpdir(), 'mka-dir-'));
  t.like(await runOne(dirAvailableCheck(dir), realHost(), plan), { passed: true, message: `${dir} is empty` });
  await mkdir(join(dir, 'member'));
  t.like(await runOne(dirAvailableCheck(dir), realHost(), plan), { passed: false, message: `${dir} is not empty` });
  const file = join(dir, 'member', 'f');
  await writeFile(file, 'x');
  t.like(await runOne(dirAvailableCheck(file), realHost(), plan), { passed: false, message: `${file} is not a directory` });
});

test('FileExisting-<binary> looks on PATH; mandatory ones are errors, others warnings', async (t) => {
  const plan = await defaultPlan();
  const ip = inPathCheck('ip', 'error', 'install iproute2');
  t.is(ip.name, 'FileExisting-ip');
  t.like(await runOne(ip, fixtureHost('healthy'), plan), { passed: true, message: 'ip found at /usr/sbin/ip' });
  t.like(await runOne(ip, fixtureHost('broken'), plan), { name: 'FileExisting-ip', severity: 'error', passed: false, message: 'ip not found in system path', hint: 'install iproute2' });
  const socat = inPathCheck('socat', 'warning', 'install socat');
  t.like(await runOne(socat, fixtureHost('healthy', { binaries: { socat: null } }), plan), { name: 'FileExisting-socat', severity: 'warning', passed: false, hint: 'install socat' });
});

test('FileContent compares the first bytes of the file', async (t) => {
  const plan = await defaultPlan();
  const check = fileContentCheck('/proc/sys/net/ipv4/ip_forward', '1', 'sysctl -w net.ipv4.ip_forward=1');
  t.is(check.name, 'FileContent--proc-sys-net-ipv4-ip_forward');
  t.true((await runOne(check, fixtureHost('healthy'), plan)).passed);
  t.like(await runOne(check, fixtureHost('ip-forward-off'), plan), {
    name: 'FileContent--proc-sys-net-ipv4-ip_forward',
    severity: 'error',
    passed: false,
    message: '/proc/sys/net/ipv4/ip_forward contents are not set to 1',
    hint: 'sysctl -w net.ipv4.ip_forward=1',
  });
  t.like(await runOne(check, fixtureHost('broken'), plan), { passed: false, message: '/proc/sys/net/ipv4/ip_forward does not exist' });
});

test('ExternalEtcdClientCertificates needs every file that is configured', async (t) => {
  const plan = await defaultPlan();
  const files = ['/etc/etcd-client/ca.crt', '/etc/etcd-client/client.crt', '/etc/etcd-client/client.key'];
  const check = filesExistingCheck(files, 'ExternalEtcdClientCertificates', 'copy them');
  t.true((await runOne(check, fixtureHost('files-present'), plan)).passed);
  const r = await runOne(check, fixtureHost('files-present', { hide: ['/etc/etcd-client/client.key'] }), plan);
  t.like(r, { name: 'ExternalEtcdClientCertificates', severity: 'error', passed: false, message: "/etc/etcd-client/client.key doesn't exist", hint: 'copy them' });
});
