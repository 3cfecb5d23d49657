/** The command line itself, through the real CLI: help, usage errors, and flags checked per phase. */
import test from 'ava';
import { execa } from 'execa';
import { resolve } from 'node:path';

const CLI = resolve('dist/src/cli/main.js');
const cli = (...args: string[]) => execa('node', [CLI, ...args], { reject: false });

test('bare minikubeadm prints the help and exits 0', async (t) => {
  const r = await cli();
  t.is(r.exitCode, 0);
  t.regex(r.stdout, /^Usage: minikubeadm <command> \[flags\]$/m);
  t.regex(r.stdout, /minikubeadm init +Run this command in order to set up the Kubernetes control\s+plane/);
  t.regex(r.stdout, /minikubeadm join \[api-server-endpoint\] +Run this on any machine you wish to join an existing\s+cluster/);
});

test('every help starts its text with a Usage: line', async (t) => {
  for (const args of [
    ['init'], ['init', 'phase'], ['init', 'phase', 'certs'], ['init', 'phase', 'certs', 'apiserver'], ['config'], ['config', 'validate'], ['version'],
    ['reset'], ['reset', 'phase'], ['reset', 'phase', 'cleanup-node'], ['token'], ['token', 'create'], ['token', 'list'], ['token', 'delete'], ['token', 'generate'],
    ['certs'], ['certs', 'check-expiration'], ['certs', 'renew'], ['certs', 'renew', 'apiserver'], ['certs', 'certificate-key'], ['certs', 'generate-csr'],
    ['kubeconfig'], ['kubeconfig', 'user'], ['config', 'images', 'list'], ['config', 'migrate'], ['completion'],
  ]) {
    const r = await cli(...args, '--help');
    t.is(r.exitCode, 0, args.join(' '));
    t.regex(r.stdout, new RegExp(`^Usage: minikubeadm ${args.join(' ')}`, 'm'), args.join(' '));
  }
});

test('a flag without its value is a usage error naming the flag', async (t) => {
  for (const args of [['init', '--config'], ['config', 'validate', '--config'], ['init', 'phase', 'certs', 'ca', '--cert-dir']]) {
    const r = await cli(...args);
    t.is(r.exitCode, 1, args.join(' '));
    t.regex(r.stderr, new RegExp(`^error: flag needs an argument: ${args[args.length - 1]}$`, 'm'));
    t.notRegex(r.stderr, /unexpected error/);
  }
});

test('a flag the chosen phase does not use is an error naming the flag once, with the flags it takes', async (t) => {
  const r = await cli('init', 'phase', 'certs', 'ca', '--node-name', 'x');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^error: --node-name: not a flag of `minikubeadm init phase certs ca`$/m);
  t.regex(r.stderr, /takes --config, --kubernetes-dir, --kubelet-dir, --dry-run, -v, --cert-dir, --kubernetes-version, --fix-permissions;/);
  t.notRegex(r.stderr, /nodeName/, 'no camelCase twin');
  t.notRegex(r.stdout + r.stderr, /Options:/, 'no help dumped on the error');
});

test('a phase lists only the flags it uses; init lists them all', async (t) => {
  const ca = await cli('init', 'phase', 'certs', 'ca', '--help');
  t.regex(ca.stdout, /--cert-dir/);
  t.notRegex(ca.stdout, /--node-name|--token|--templates-dir/);
  const api = await cli('init', 'phase', 'certs', 'apiserver', '--help');
  t.regex(api.stdout, /--apiserver-cert-extra-sans/);
  const init = await cli('init', '--help');
  for (const flag of ['--node-name', '--token', '--templates-dir', '--skip-phases', '--upload-certs', '--cert-dir']) t.regex(init.stdout, new RegExp(flag));
  t.notRegex(init.stdout, /--nodeName|--skipPhases/);
});

test('--fix-permissions is a flag of the commands and phases that check existing keys and kubeconfigs, and of no other', async (t) => {
  const taking = [
    ['init'], ['init', 'phase', 'certs'], ['init', 'phase', 'certs', 'ca'], ['init', 'phase', 'certs', 'sa'], ['init', 'phase', 'kubeconfig', 'admin'],
    ['join'], ['join', 'phase', 'control-plane-prepare', 'download-certs'], ['join', 'phase', 'control-plane-prepare', 'certs'],
    ['join', 'phase', 'control-plane-prepare', 'kubeconfig'], ['join', 'phase', 'kubelet-start'], ['certs', 'renew', 'all'], ['certs', 'renew', 'apiserver'],
  ];
  for (const args of taking) t.regex((await cli(...args, '--help')).stdout, /--fix-permissions +Make existing private\s+keys/, args.join(' '));
  for (const args of [['init', 'phase', 'preflight'], ['init', 'phase', 'etcd', 'local'], ['join', 'phase', 'preflight'], ['reset'], ['certs', 'check-expiration']]) {
    const r = await cli(...args, '--fix-permissions');
    t.is(r.exitCode, 1, args.join(' '));
    t.regex(r.stderr, /^error: --fix-permissions: not a flag of `minikubeadm /m, args.join(' '));
  }
});

test('the flags a phase uses are accepted by it (and by `all` of its group)', async (t) => {
  const r = await cli('init', 'phase', 'certs', 'all', '--apiserver-cert-extra-sans', 'x.example', '--dry-run', '--kubernetes-dir', '/tmp/mka-never-written', '--apiserver-advertise-address', '192.0.2.10', '--node-name', 'n1');
  t.is(r.exitCode, 0, r.stderr);
});

test('an unknown command is named with the commands there are', async (t) => {
  const r = await cli('nosuch');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^error: unknown command "nosuch"$/m);
  t.regex(r.stderr, /the commands are init, join, reset, token, certs, kubeconfig, config, version, completion/);
});

test('every day-2 command shows an example in its help', async (t) => {
  for (const args of [
    ['join'], ['join', 'phase'], ['reset'], ['reset', 'phase'], ['reset', 'phase', 'preflight'], ['token'], ['token', 'create'], ['token', 'list'], ['token', 'delete'], ['token', 'generate'],
    ['certs'], ['certs', 'check-expiration'], ['certs', 'renew'], ['certs', 'renew', 'all'], ['certs', 'certificate-key'], ['certs', 'generate-csr'],
    ['kubeconfig'], ['kubeconfig', 'user'], ['config'], ['config', 'images', 'list'], ['config', 'migrate'], ['version'], ['completion'],
  ]) {
    const r = await cli(...args, '--help');
    t.regex(r.stdout, /^Examples:\n {2}.*minikubeadm /m, args.join(' '));
  }
});
