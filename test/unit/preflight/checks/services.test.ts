import test from 'ava';
import { criCheck, criSocketPath, detectInitSystem, firewalldCheck, serviceKubeletCheck } from '../../../../src/preflight/checks/services.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

const SOCK = '/var/run/containerd/containerd.sock';

test('CRI passes when the runtime socket answers', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(criCheck, fixtureHost('healthy'), plan), { name: 'CRI', passed: true, message: `the container runtime answers on unix://${SOCK}` });
});

test('CRI fails when nothing listens, or the socket does not exist', async (t) => {
  const plan = await defaultPlan();
  const refused = await runOne(criCheck, fixtureHost('broken'), plan);
  t.like(refused, { name: 'CRI', severity: 'error', passed: false, message: `container runtime is not running: cannot connect to unix://${SOCK}: nothing listens on the socket` });
  t.regex(refused.hint!, /systemctl start containerd.*--cri-socket/);
  const absent = await runOne(criCheck, fixtureHost('healthy', { sockets: { [SOCK]: null } }), plan);
  t.regex(absent.message, /the socket does not exist$/);
});

test('CRI accepts a bare path with a warning, and refuses non-unix endpoints', async (t) => {
  const plan = await defaultPlan();
  const bare = await runOne(criCheck, fixtureHost('healthy'), { ...plan, criSocket: SOCK });
  t.true(bare.passed);
  t.regex(bare.warnings[0]!.message, /no URL scheme/);
  t.like(await runOne(criCheck, fixtureHost('healthy'), { ...plan, criSocket: 'tcp://10.0.0.1:1234' }), { passed: false, severity: 'error' });
  t.is(criSocketPath('unix:///run/crio/crio.sock'), '/run/crio/crio.sock');
  t.is(criSocketPath('npipe:////./pipe/x'), undefined);
});

test('Service-Kubelet passes when the unit exists and is enabled', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(serviceKubeletCheck, fixtureHost('healthy'), plan), { name: 'Service-Kubelet', passed: true });
});

test('Service-Kubelet warns when the unit is missing or disabled', async (t) => {
  const plan = await defaultPlan();
  const notFound = fixtureHost('healthy', {
    commands: { 'systemctl status kubelet': { exitCode: 4, stdout: '○ kubelet.service\n     Loaded: not-found (Reason: Unit kubelet.service not found.)\n' } },
  });
  const missing = await runOne(serviceKubeletCheck, notFound, plan);
  t.like(missing, { name: 'Service-Kubelet', severity: 'warning', passed: false, message: 'kubelet service does not exist' });
  t.truthy(missing.hint);
  const disabled = await runOne(serviceKubeletCheck, fixtureHost('healthy', { commands: { 'systemctl is-enabled kubelet': { exitCode: 1, stdout: 'disabled\n' } } }), plan);
  t.like(disabled, { severity: 'warning', passed: false, message: "kubelet service is not enabled, please run 'systemctl enable kubelet.service'" });
  t.regex(disabled.hint!, /systemctl enable kubelet\.service/);
});

test('Service-Kubelet and Firewalld warn and skip without a running init system', async (t) => {
  const plan = await defaultPlan();
  const noSystemd = fixtureHost('healthy', { hide: ['/run/systemd'] });
  t.deepEqual(await detectInitSystem(noSystemd), { kind: 'none', reason: 'systemd is not running (/run/systemd/system is missing), skipping checking for services' });
  t.like(await runOne(serviceKubeletCheck, noSystemd, plan), { passed: false, severity: 'warning' });
  const none = await runOne(firewalldCheck(() => [6443, 10250]), fixtureHost('broken'), plan);
  t.like(none, { name: 'Firewalld', severity: 'warning', passed: false, message: 'no supported init system detected, skipping checking for services' });
});

test('Firewalld warns while firewalld is active, naming the ports to open', async (t) => {
  const plan = await defaultPlan();
  const check = firewalldCheck((p) => [p.bindPort, 10250]);
  t.like(await runOne(check, fixtureHost('healthy'), plan), { name: 'Firewalld', passed: true, message: 'firewalld is not active' });
  const active = fixtureHost('healthy', {
    commands: {
      'systemctl status firewalld': { stdout: '● firewalld.service - firewalld - dynamic firewall daemon\n     Loaded: loaded (/usr/lib/systemd/system/firewalld.service; enabled)\n' },
      'systemctl is-active firewalld': { stdout: 'active\n' },
    },
  });
  const r = await runOne(check, active, plan);
  t.like(r, { name: 'Firewalld', severity: 'warning', passed: false, message: 'firewalld is active, please ensure ports [6443 10250] are open or your cluster may not function correctly' });
  t.regex(r.hint!, /--add-port=6443\/tcp --add-port=10250\/tcp/);
});

test('OpenRC hosts are checked with rc-service and rc-update', async (t) => {
  const plan = await defaultPlan();
  const openrc = fixtureHost('healthy', {
    binaries: { systemctl: null, openrc: '/sbin/openrc' },
    commands: { 'rc-service kubelet status': { stdout: ' * status: stopped\n' }, 'rc-update show default': { stdout: ' containerd | default\n' } },
  });
  const r = await runOne(serviceKubeletCheck, openrc, plan);
  t.like(r, { passed: false, message: "kubelet service is not enabled, please run 'rc-update add kubelet default'" });
});
