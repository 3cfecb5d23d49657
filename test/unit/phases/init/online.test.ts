// The online phases through the real CLI, without a cluster: --dry-run of the whole init (what
// would be created, nothing written), --skip-phases across them, upload-certs, show-join-command.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { PROJECT_ROOT } from '../../../../src/config/paths.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const r = await promisify(execFile)(process.execPath, [CLI, ...args]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};
const HOST = ['--apiserver-advertise-address', '192.0.2.10', '--node-name', 'n1'];
/** A temp dir and the root flags every phase takes (each phase gets only the flags it uses, as in kubeadm). */
const roots = async (): Promise<string[]> => {
  const d = await mkdtemp(join(tmpdir(), 'mka-online-'));
  return [d, '--kubernetes-dir', join(d, 'k'), '--kubelet-dir', join(d, 'kubelet')];
};
/** The roots and this host's identity, for the whole init and the phases that use it. */
const dirs = async (): Promise<string[]> => [...(await roots()), ...HOST];

test('dry-run init: every online step says what it would do, --skip-phases drops phases and sub-phases, nothing is written', async (t) => {
  const [d, ...args] = await dirs();
  const r = await run(['init', '--dry-run', ...args, '--skip-phases', 'preflight,mark-control-plane,addons/kube-proxy', '--token', 'abcdef.0123456789abcdef']);
  t.is(r.code, 0, r.stderr);
  for (const line of [
    '[dryrun] Would create ConfigMap kube-system/kubeadm-config',
    '[dryrun] Would create ConfigMap kube-system/kubelet-config',
    '[dryrun] Would create Secret kube-system/bootstrap-token-abcdef',
    '[dryrun] Would create ClusterRoleBinding kubeadm:node-autoapprove-bootstrap',
    '[dryrun] Would create ConfigMap kube-public/cluster-info',
    '[addons] Applied essential addon: CoreDNS',
    'minikubeadm join 192.0.2.10:6443 --token abcdef.0123456789abcdef \\',
  ]) {
    t.true(r.stdout.includes(line), line);
  }
  t.false(r.stdout.includes('[mark-control-plane]'));
  t.false(r.stdout.includes('kube-proxy'));
  t.false(r.stdout.includes('0123456789abcdef\n'), 'the token secret only in the join command');
  t.is(r.stdout.split('0123456789abcdef').length - 1, 1);
  t.deepEqual(await readdir(d!), []);
});

test('upload-certs: skipped without --upload-certs; with it, refused before any phase runs', async (t) => {
  const [d, ...args] = await roots();
  const skipped = await run(['init', 'phase', 'upload-certs', ...args]);
  t.is(skipped.code, 0, skipped.stderr);
  t.regex(skipped.stdout, /\[upload-certs\] Skipping phase\. Please see --upload-certs/);
  const refused = await run(['init', 'phase', 'upload-certs', '--upload-certs', ...args]);
  t.is(refused.code, 1);
  t.regex(refused.stderr, /phase "upload-certs" cannot run: uploading the control-plane certificates \(--upload-certs\) is not implemented yet/);
  t.regex(refused.stderr, /To fix: leave out --upload-certs/);
  const whole = await run(['init', '--upload-certs', '--ignore-preflight-errors', 'all', ...args, ...HOST]);
  t.is(whole.code, 1);
  t.regex(whole.stderr, /phase "upload-certs" cannot run/);
  t.is(whole.stdout, '', 'no phase ran');
  t.deepEqual(await readdir(d!), [], 'nothing written');
});

test('show-join-command from admin.conf; --skip-token-print withholds the token', async (t) => {
  const [, ...args] = await roots();
  t.is((await run(['init', 'phase', 'certs', 'all', ...args, ...HOST])).code, 0);
  t.is((await run(['init', 'phase', 'kubeconfig', 'admin', ...args, HOST[0]!, HOST[1]!])).code, 0);
  const shown = await run(['init', 'phase', 'show-join-command', ...args, '--token', 'abcdef.0123456789abcdef']);
  t.is(shown.code, 0, shown.stderr);
  t.regex(shown.stdout, /minikubeadm join 192\.0\.2\.10:6443 --token abcdef\.0123456789abcdef \\\n\t--discovery-token-ca-cert-hash sha256:[0-9a-f]{64} \n/);
  const hidden = await run(['init', 'phase', 'show-join-command', ...args, '--token', 'abcdef.0123456789abcdef', '--skip-token-print']);
  t.regex(hidden.stdout, /--token <value withheld>/);
  t.false(hidden.stdout.includes('0123456789abcdef'));
});

test('an online phase without a reachable API server fails with exit 1, naming the server and what to check', async (t) => {
  const [, ...args] = await roots();
  t.is((await run(['init', 'phase', 'certs', 'all', ...args, ...HOST])).code, 0);
  // Nothing listens on 127.0.0.1:1, the endpoint admin.conf gets here.
  const endpoint = ['--control-plane-endpoint', '127.0.0.1:1'];
  t.is((await run(['init', 'phase', 'kubeconfig', 'admin', ...args, HOST[0]!, HOST[1]!, ...endpoint])).code, 0);
  const r = await run(['init', 'phase', 'upload-config', 'kubeadm', ...args, ...endpoint]);
  t.is(r.code, 1);
  t.regex(r.stderr, /error execution phase upload-config\/kubeadm: cannot get ClusterRoleBinding kubeadm:cluster-admins: .* \(ECONNREFUSED, API server https:\/\/127\.0\.0\.1:1\)/);
  t.regex(r.stderr, /To fix: is the API server running and reachable at https:\/\/127\.0\.0\.1:1\?/);
});
