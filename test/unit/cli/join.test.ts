/**
 * `minikubeadm join` through the real CLI, up to discovery: the command line and the
 * JoinConfiguration are checked before anything is contacted or written, unknown phases and flags
 * are named, and an endpoint nobody answers on fails discovery with exit 1 and no file written.
 */
import test from 'ava';
import { execa } from 'execa';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { joinConfigText } from '../../helpers/cluster-info.js';

const CLI = resolve('dist/src/cli/main.js');
const cli = (...args: string[]) => execa('node', [CLI, ...args], { reject: false });
const TOKEN = 'abcdef.0123456789abcdef';
const HASH = `sha256:${'ab'.repeat(32)}`;

async function root(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mka-join-cli-'));
}

test('join --help shows the endpoint argument, the discovery flags and the phase tree', async (t) => {
  const r = await cli('join', '--help');
  t.is(r.exitCode, 0);
  t.regex(r.stdout, /^Usage: minikubeadm join \[api-server-endpoint\] \[flags\]$/m);
  for (const flag of ['--token', '--discovery-token-ca-cert-hash', '--discovery-token-unsafe-skip-ca-verification', '--discovery-file', '--tls-bootstrap-token', '--control-plane', '--certificate-key', '--node-name', '--cri-socket', '--skip-phases', '--ignore-preflight-errors', '--dry-run', '--kubernetes-dir', '--kubelet-dir']) {
    t.regex(r.stdout, new RegExp(`${flag}\\b`), flag);
  }
  const tree = r.stdout.slice(r.stdout.indexOf('The "join" command executes the following phases:'));
  const phases = [...tree.matchAll(/^( *\/?[a-z-]+) {2,}/gm)].map((m) => m[1]!.trim());
  t.deepEqual(phases, ['preflight', 'control-plane-prepare', '/all', '/download-certs', '/certs', '/kubeconfig', '/control-plane', 'kubelet-start', 'etcd-join', 'kubelet-wait-bootstrap', 'control-plane-join', '/mark-control-plane', 'wait-control-plane']);
});

test('a join phase takes the endpoint argument and only its own flags', async (t) => {
  const help = await cli('join', 'phase', 'preflight', '--help');
  t.regex(help.stdout, /^Usage: minikubeadm join phase preflight \[api-server-endpoint\] \[flags\]$/m);
  t.regex(help.stdout, /--output/);
  const wrong = await cli('join', 'phase', 'control-plane-join', 'mark-control-plane', '--ignore-preflight-errors', 'all');
  t.is(wrong.exitCode, 1);
  t.regex(wrong.stderr, /^error: --ignore-preflight-errors: not a flag of `minikubeadm join phase control-plane-join mark-control-plane`$/m);
  const unknown = await cli('join', 'phase', 'nosuch');
  t.is(unknown.exitCode, 1);
  t.regex(unknown.stderr, /unknown phase "nosuch"/);
  t.regex(unknown.stderr, /valid phases are: .*etcd-join.*kubelet-wait-bootstrap/);
  const skip = await cli('join', '10.0.0.1:6443', '--token', TOKEN, '--discovery-token-ca-cert-hash', HASH, '--skip-phases', 'certs');
  t.is(skip.exitCode, 1);
  t.regex(skip.stderr, /--skip-phases: unknown phase "certs"/);
});

test('bad discovery input is refused before anything is contacted, naming the field', async (t) => {
  const d = await root();
  const base = ['--kubernetes-dir', join(d, 'k'), '--kubelet-dir', join(d, 'kubelet')];
  const cases: [string[], RegExp][] = [
    [['10.0.0.1:6443', '--token', TOKEN], /discovery\.bootstrapToken\.caCertHashes: using token-based discovery without caCertHashes can be unsafe/],
    [['10.0.0.1:6443', '--token', TOKEN, '--discovery-token-ca-cert-hash', HASH, '--discovery-token-unsafe-skip-ca-verification'], /--discovery-token-unsafe-skip-ca-verification: cannot be used together with caCertHashes/],
    [['10.0.0.1:6443', '--token', TOKEN, '--discovery-token-ca-cert-hash', 'sha256:abc'], /--discovery-token-ca-cert-hash: "sha256:abc" is not a CA public key pin/],
    [['10.0.0.1:6443', '--token', 'not-a-token', '--discovery-token-ca-cert-hash', HASH], /--token: is not a valid bootstrap token/],
    [['--token', TOKEN, '--discovery-token-ca-cert-hash', HASH], /apiServerEndpoint: is required/],
    [['10.0.0.1', '--token', TOKEN, '--discovery-token-ca-cert-hash', HASH], /<api-server-endpoint>: "10\.0\.0\.1" is not host:port/],
    [['--discovery-file', join(d, 'nope.conf')], /--discovery-file: .* is not a valid HTTPS URL or a file on disk/],
    [['--discovery-file', 'http://10.0.0.1/x'], /--discovery-file: if a URL is used, the scheme must be https/],
    [['10.0.0.1:6443', '--token', TOKEN, '--discovery-token-ca-cert-hash', HASH, '--control-plane', '--certificate-key', 'abc'], /--certificate-key: /],
  ];
  for (const [args, expected] of cases) {
    const r = await cli('join', ...args, ...base);
    t.is(r.exitCode, 1, args.join(' '));
    t.regex(r.stderr, expected, args.join(' '));
    t.notRegex(r.stderr, /unexpected error/);
  }
  t.deepEqual(await readdir(d), [], 'nothing written');
});

test('an endpoint nobody answers on: discovery gives up after timeouts.discovery, exit 1, nothing written', async (t) => {
  const d = await root();
  const config = join(d, 'join.yaml');
  // Port 1 on loopback: refused at once, retried until the (short) discovery timeout.
  await writeFile(config, joinConfigText({ endpoint: '127.0.0.1:1', token: TOKEN, pin: HASH, discoveryTimeout: '2s' }));
  const k = join(d, 'k');
  const r = await cli('join', '--config', config, '--kubernetes-dir', k, '--kubelet-dir', join(d, 'kubelet'), '--ignore-preflight-errors', 'all');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /error execution phase preflight: couldn't validate the identity of the API Server: .*127\.0\.0\.1:1/);
  t.notRegex(r.stderr, /0123456789abcdef/, 'the token secret is not in the error');
  t.deepEqual(await readdir(d), ['join.yaml'], 'nothing written');
});
