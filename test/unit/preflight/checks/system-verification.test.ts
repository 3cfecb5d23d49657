import test from 'ava';
import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { systemVerificationCheck } from '../../../../src/preflight/checks/system-verification.js';
import { FIXTURE_HOSTS_DIR, fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

test('a cgroup v2 host with every controller and a supported kernel passes without warnings', async (t) => {
  const r = await runOne(systemVerificationCheck, fixtureHost('healthy'), await defaultPlan());
  t.like(r, { name: 'SystemVerification', passed: true });
  t.regex(r.message, /kernel 6\.1\.0-18-amd64, config from \/boot\/config-6\.1\.0-18-amd64; cgroup v2 with devices freezer cpuset cpu io memory hugetlb pids/);
  t.deepEqual(r.warnings, []);
});

test('cgroup v1 passes with the maintenance-mode warning before v1.35', async (t) => {
  const r = await runOne(systemVerificationCheck, fixtureHost('cgroup-v1'), await defaultPlan({ cluster: { kubernetesVersion: 'v1.34.3' } }));
  t.true(r.passed);
  t.regex(r.message, /cgroup v1 with/);
  t.is(r.warnings.length, 1);
  t.regex(r.warnings[0]!.message, /^cgroups v1 support is in maintenance mode, please migrate to cgroups v2$/);
  t.truthy(r.warnings[0]!.hint);
});

test('cgroup v1 is an error for v1.35+ kubelets, naming the failCgroupV1 opt-out', async (t) => {
  for (const kubernetesVersion of ['v1.35.0', 'v1.36.3', 'v1.37.0']) {
    const r = await runOne(systemVerificationCheck, fixtureHost('cgroup-v1'), await defaultPlan({ cluster: { kubernetesVersion } }));
    t.like(r, { name: 'SystemVerification', severity: 'error', passed: false }, kubernetesVersion);
    t.is(r.message, 'cgroups v1 is not supported by the kubelet v1.37.0: it refuses to start on it', 'the installed kubelet is named');
    t.regex(r.hint!, /failCgroupV1: false in the KubeletConfiguration/);
  }
});

test('cgroup v1 with an older kubelet installed stays a warning, also for v1.35+', async (t) => {
  const oldKubelet = fixtureHost('cgroup-v1', { commands: { 'kubelet --version': { stdout: 'Kubernetes v1.34.2\n' } } });
  const r = await runOne(systemVerificationCheck, oldKubelet, await defaultPlan());
  t.true(r.passed, r.message);
  t.regex(r.warnings[0]!.message, /^cgroups v1 support is in maintenance mode/);
});

test('cgroup v1 with failCgroupV1: false in the KubeletConfiguration is only the warning, also for v1.35+', async (t) => {
  const kubelet = { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', failCgroupV1: false };
  const r = await runOne(systemVerificationCheck, fixtureHost('cgroup-v1'), await defaultPlan({ kubelet }));
  t.true(r.passed, r.message);
  t.regex(r.warnings[0]!.message, /^cgroups v1 support is in maintenance mode/);
  const stillOn = await runOne(systemVerificationCheck, fixtureHost('cgroup-v1'), await defaultPlan({ kubelet: { ...kubelet, failCgroupV1: true } }));
  t.false(stillOn.passed, 'failCgroupV1: true keeps the error');
});

test('a hybrid layout is judged by its v1 hierarchies, not by the empty cgroup2 mount (no kubeadm false positive)', async (t) => {
  const r = await runOne(systemVerificationCheck, fixtureHost('cgroup-hybrid'), await defaultPlan({ cluster: { kubernetesVersion: 'v1.34.3' } }));
  t.true(r.passed, r.message);
  t.regex(r.warnings[0]!.message, /hybrid layout: cgroup2 at \/sys\/fs\/cgroup\/unified/);
});

test('cgroup v2 without delegated cpu and memory controllers is an error naming them', async (t) => {
  const r = await runOne(systemVerificationCheck, fixtureHost('cgroup-v2-undelegated'), await defaultPlan());
  t.like(r, { name: 'SystemVerification', severity: 'error', passed: false, message: 'missing required cgroups: cpu memory' });
  t.regex(r.hint!, /echo "\+cpu \+memory" > cgroup\.subtree_control/);
  t.regex(r.warnings[0]!.message, /missing optional cgroups: hugetlb/);
});

test('the v2 freezer is inferred from the kernel release or the own cgroup, without creating a cgroup', async (t) => {
  const plan = await defaultPlan();
  const old = await runOne(systemVerificationCheck, fixtureHost('healthy', { kernelRelease: '5.1.0' }), plan);
  t.like(old, { passed: false, message: 'missing required cgroups: freezer' });
  t.regex(old.warnings.map((w) => w.message).join('\n'), /older than 5\.8/);
  const dir = await mkdtemp(join(tmpdir(), 'mka-hosts-'));
  await cp(join(FIXTURE_HOSTS_DIR, 'healthy'), join(dir, 'healthy'), { recursive: true });
  await mkdir(join(dir, 'freeze', 'root', 'sys', 'fs', 'cgroup', 'init.scope'), { recursive: true });
  await writeFile(join(dir, 'freeze', 'root', 'sys', 'fs', 'cgroup', 'init.scope', 'cgroup.freeze'), '0\n');
  await writeFile(join(dir, 'freeze', 'host.json'), JSON.stringify({ extends: 'healthy', kernelRelease: '5.1.0' }));
  const own = await runOne(systemVerificationCheck, fixtureHost('freeze', {}, dir), plan);
  t.true(own.passed, own.message);
  t.regex(own.message, /freezer/);
});

test('an old kernel (before v1.34), another OS and missing kernel options are errors; an unreadable config is a warning', async (t) => {
  const plan = await defaultPlan({ cluster: { kubernetesVersion: 'v1.33.5' } });
  const broken = await runOne(systemVerificationCheck, fixtureHost('broken'), plan);
  t.like(broken, { name: 'SystemVerification', severity: 'error', passed: false });
  t.regex(broken.message, /unsupported kernel release: 3\.10\.0-1160\.el7\.x86_64/);
  t.regex(broken.message, /no cgroup filesystem is mounted/);
  t.regex(broken.hint!, /upgrade the kernel/);
  t.regex(broken.warnings.map((w) => w.message).join('\n'), /kernel config could not be read/);
  const darwin = await runOne(systemVerificationCheck, fixtureHost('healthy', { osName: 'Darwin' }), plan);
  t.regex(darwin.message, /unsupported operating system: Darwin/);
});

test('from v1.34 an unsupported kernel release is a warning', async (t) => {
  const old = fixtureHost('healthy', { kernelRelease: '3.10.0-1160.el7.x86_64' });
  const r = await runOne(systemVerificationCheck, old, await defaultPlan({ cluster: { kubernetesVersion: 'v1.34.0' } }));
  t.false(r.message.includes('unsupported kernel release'));
  t.regex(r.warnings.map((w) => w.message).join('\n'), /unsupported kernel release: 3\.10\.0-1160\.el7\.x86_64/);
  const before = await runOne(systemVerificationCheck, old, await defaultPlan({ cluster: { kubernetesVersion: 'v1.33.0' } }));
  t.regex(before.message, /unsupported kernel release/);
});

test('kernel options are read from /proc/config.gz and only the ones of the cgroup layout are required', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-hosts-'));
  await cp(join(FIXTURE_HOSTS_DIR, 'healthy'), join(dir, 'healthy'), { recursive: true });
  await mkdir(join(dir, 'gz', 'root', 'proc'), { recursive: true });
  const config = 'CONFIG_NAMESPACES=y\nCONFIG_NET_NS=y\nCONFIG_PID_NS=y\nCONFIG_IPC_NS=y\nCONFIG_UTS_NS=y\nCONFIG_CGROUPS=y\nCONFIG_CGROUP_BPF=y\nCONFIG_CGROUP_DEVICE=y\nCONFIG_CGROUP_PIDS=y\nCONFIG_CGROUP_SCHED=y\nCONFIG_CPUSETS=y\nCONFIG_MEMCG=y\nCONFIG_INET=y\nCONFIG_EXT4_FS=y\nCONFIG_PROC_FS=y\nCONFIG_IP_NF_TARGET_REDIRECT=m\nCONFIG_NETFILTER_XT_MATCH_COMMENT=m\n# CONFIG_FAIR_GROUP_SCHED is not set\n';
  await writeFile(join(dir, 'gz', 'root', 'proc', 'config.gz'), gzipSync(config));
  await writeFile(join(dir, 'gz', 'host.json'), JSON.stringify({ extends: 'healthy' }));
  const r = await runOne(systemVerificationCheck, fixtureHost('gz', {}, dir), await defaultPlan());
  t.like(r, { passed: false, message: 'unexpected kernel config: CONFIG_FAIR_GROUP_SCHED', severity: 'error' });
  t.regex(r.hint!, /\/proc\/config\.gz/);
});
