import { execFile } from 'node:child_process';
import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { argumentsToCommand } from '../../../src/config/args.js';
import type { Config } from '../../../src/config/types.js';
import { goQuote, kubeletEnvFile as envFileOf } from '../../../src/kubelet/flags.js';
import { testConfig } from '../../helpers/config.js';

const kubeletEnvFile = (config: Config, host: string): string =>
  envFileOf({ nodeRegistration: config.init.nodeRegistration, cluster: config.cluster }, host);

/** A v1.32 config: before NodeLocalCRISocket and the end of --pod-infra-container-image. */
const V132 = { cluster: { kubernetesVersion: 'v1.32.4' } };

test('v1.32 init flags: CRI endpoint, pause image, hostname override when the node name differs', (t) => {
  const config = testConfig('/k', { ...V132, init: { nodeRegistration: { name: 'cp1', criSocket: 'unix:///run/containerd/containerd.sock' } } });
  t.is(
    kubeletEnvFile(config, 'machine'),
    'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock --hostname-override=cp1 --pod-infra-container-image=registry.k8s.io/pause:3.10"\n',
  );
  t.false(kubeletEnvFile(config, 'cp1').includes('hostname-override'));
});

test('v1.34: the CRI endpoint moves to instance-config.yaml (NodeLocalCRISocket on); v1.35: no --pod-infra-container-image', (t) => {
  const at = (kubernetesVersion: string): string =>
    kubeletEnvFile(testConfig('/k', { cluster: { kubernetesVersion }, init: { nodeRegistration: { name: 'cp1', criSocket: 'unix:///run/c.sock' } } }), 'cp1');
  t.is(at('v1.33.9'), 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/c.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n');
  t.is(at('v1.34.2'), 'KUBELET_KUBEADM_ARGS="--pod-infra-container-image=registry.k8s.io/pause:3.10.1"\n');
  t.is(at('v1.35.0'), 'KUBELET_KUBEADM_ARGS=""\n');
  const optedOut = testConfig('/k', { cluster: { kubernetesVersion: 'v1.35.0', featureGates: { NodeLocalCRISocket: false } }, init: { nodeRegistration: { name: 'cp1', criSocket: 'unix:///run/c.sock' } } });
  t.is(kubeletEnvFile(optedOut, 'cp1'), 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/c.sock"\n', 'the beta gate can still be turned off');
});

test('v1.35.0 sorts kubeletExtraArgs in; v1.35.1 keeps them after the sorted defaults, in the order given', (t) => {
  const extra = [{ name: 'v', value: '4' }, { name: 'node-ip', value: '10.0.0.5' }];
  const at = (kubernetesVersion: string): string =>
    kubeletEnvFile(testConfig('/k', { cluster: { kubernetesVersion }, init: { nodeRegistration: { name: 'node-b', criSocket: 'unix:///run/c.sock', kubeletExtraArgs: extra } } }), 'node-a');
  t.is(at('v1.35.0'), 'KUBELET_KUBEADM_ARGS="--hostname-override=node-b --node-ip=10.0.0.5 --v=4"\n');
  t.is(at('v1.35.1'), 'KUBELET_KUBEADM_ARGS="--hostname-override=node-b --v=4 --node-ip=10.0.0.5"\n');
});

test('kubeletExtraArgs replace flags of the same name and are sorted in', (t) => {
  const config = testConfig('/k', {
    ...V132,
    init: { nodeRegistration: { name: 'cp1', kubeletExtraArgs: [{ name: 'pod-infra-container-image', value: 'my/pause:1' }, { name: 'v', value: '4' }, { name: 'node-ip', value: '10.0.0.5' }] } },
  });
  t.is(
    kubeletEnvFile(config, 'cp1'),
    `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=${config.init.nodeRegistration.criSocket} --node-ip=10.0.0.5 --pod-infra-container-image=my/pause:1 --v=4"\n`,
  );
});

test('same name sorts by value', (t) => {
  t.deepEqual(argumentsToCommand([], [{ name: 'a', value: '2' }, { name: 'a', value: '1' }]), ['--a=1', '--a=2']);
});

test("Go's %q quoting", (t) => {
  t.is(goQuote('a "b" \\c\nd\u0001'), '"a \\"b\\" \\\\c\\nd\\x01"');
});

test('a hostile kubeletExtraArgs value cannot run a command when the flags file is sourced', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-flags-'));
  const pwned = join(dir, 'pwned');
  const value = `a=b" EVIL="$(touch ${pwned})" \`touch ${pwned}\` $HOME \\`;
  const config = testConfig(dir, { init: { nodeRegistration: { kubeletExtraArgs: [{ name: 'node-labels', value }] } } });
  const file = join(dir, 'kubeadm-flags.env');
  await writeFile(file, kubeletEnvFile(config, 'node-1'));
  const { stdout } = await promisify(execFile)('sh', ['-c', `. ${file} && printf '%s' "$KUBELET_KUBEADM_ARGS"`]);
  t.true(stdout.includes(`--node-labels=${value}`), stdout);
  await t.throwsAsync(access(pwned), { code: 'ENOENT' }, 'nothing ran');
});
