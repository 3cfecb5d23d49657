import test from 'ava';
import { KUBELET_SERVICE_ENV, kubeletServiceFor } from '../../../src/host/kubelet-service.js';
import { type CommandSpec, fixtureHost } from '../../fixtures/hosts/fixture-host.js';

const SUPERVISOR = '/opt/node/kubelet-service';

function hostWith(env: string | undefined, commands: Record<string, CommandSpec | 'missing'> = {}) {
  const ran: string[] = [];
  const base = fixtureHost('healthy', { env: { [KUBELET_SERVICE_ENV]: env ?? null }, commands });
  return { ran, host: { ...base, run: async (cmd: string, args: readonly string[], o: { timeoutMs: number }) => (ran.push([cmd, ...args].join(' ')), base.run(cmd, args, o)) } };
}

test('unset or "systemd": the systemd adapter', (t) => {
  t.is(kubeletServiceFor(hostWith(undefined).host).name, 'systemd');
  t.is(kubeletServiceFor(hostWith('systemd').host).name, 'systemd');
});

test('a supervisor path: is-active exit codes map to active / inactive, stop and restart are passed through', async (t) => {
  const running = hostWith(SUPERVISOR, { [`${SUPERVISOR} is-active`]: {}, [`${SUPERVISOR} restart`]: {}, [`${SUPERVISOR} stop`]: { exitCode: 1, stderr: 'no such process' } });
  const service = kubeletServiceFor(running.host);
  t.is(service.name, SUPERVISOR);
  t.is(await service.state(), 'active');
  t.is(await service.control('restart'), undefined);
  t.is(await service.control('stop'), 'no such process');
  t.deepEqual(running.ran, [`${SUPERVISOR} is-active`, `${SUPERVISOR} restart`, `${SUPERVISOR} stop`]);
  const stopped = kubeletServiceFor(hostWith(SUPERVISOR, { [`${SUPERVISOR} is-active`]: { exitCode: 3 } }).host);
  t.is(await stopped.state(), 'inactive');
});

test('a supervisor that fails is-active, or a relative path, is a clear error naming the variable', async (t) => {
  const broken = kubeletServiceFor(hostWith(SUPERVISOR, { [`${SUPERVISOR} is-active`]: { exitCode: 2, stderr: 'boom' } }).host);
  await t.throwsAsync(broken.state(), { message: /MINIKUBEADM_KUBELET_SERVICE: ".* is-active" failed \(exit 2\): boom/ });
  t.throws(() => kubeletServiceFor(hostWith('kubelet-service').host), { message: /MINIKUBEADM_KUBELET_SERVICE="kubelet-service" is neither "systemd" nor the absolute path/ });
});
