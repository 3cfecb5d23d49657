import test from 'ava';
import { execa } from 'execa';
import { resolve } from 'node:path';

const CLI = resolve('dist/src/cli/main.js');
const cli = (...args: string[]) => execa('node', [CLI, ...args], { reject: false });

test('an unknown phase is named (flags after it are not part of the name) with the valid phases, exit 1', async (t) => {
  const r = await cli('init', 'phase', 'nosuch', '--kubernetes-dir', '/tmp/mka-never-created');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^unknown phase "nosuch"$/m);
  t.regex(r.stderr, /valid phases are: .*bootstrap-token.*upload-config/);
  const sub = await cli('init', 'phase', 'certs', 'nosuch');
  t.is(sub.exitCode, 1);
  t.regex(sub.stderr, /^unknown phase "certs\/nosuch"$/m);
});

test('kubeadm names are aliases: init phase mark-control-plane --help describes mark-master', async (t) => {
  const r = await cli('init', 'phase', 'mark-control-plane', '--help');
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /Mark a node as a control-plane/);
});

test('init --help lists the phase tree', async (t) => {
  const r = await cli('init', '--help');
  t.is(r.exitCode, 0);
  t.regex(r.stdout, /The "init" command executes the following phases:/);
  t.regex(r.stdout, /^ {2}\/etcd-server {2,}Generate the certificate for serving etcd$/m);
});
