/** `minikubeadm token …` through the real CLI: argument errors before any cluster is contacted. */
import test from 'ava';
import { execa } from 'execa';
import { resolve } from 'node:path';

const CLI = resolve('dist/src/cli/main.js');
const cli = (...args: string[]) => execa('node', [CLI, ...args], { reject: false });
const NOWHERE = ['--kubeconfig', '/nonexistent/admin.conf'];

test('token generate prints one random token', async (t) => {
  const r = await cli('token', 'generate');
  t.is(r.exitCode, 0);
  t.regex(r.stdout, /^[a-z0-9]{6}\.[a-z0-9]{16}$/);
});

test('--certificate-key needs --print-join-command and 64 hex characters', async (t) => {
  const a = await cli('token', 'create', '--certificate-key', 'a'.repeat(64), ...NOWHERE);
  t.is(a.exitCode, 1);
  t.regex(a.stderr, /^cannot use --certificate-key without --print-join-command$/m);
  const b = await cli('token', 'create', '--print-join-command', '--certificate-key', 'xyz', ...NOWHERE);
  t.is(b.exitCode, 1);
  t.regex(b.stderr, /--certificate-key: must be 64 hexadecimal characters/);
});

test('a list flag takes one value per occurrence, so the [token] argument after it stays the token', async (t) => {
  const r = await cli('token', 'create', '--groups', 'system:bootstrappers:Bad', 'abcdef.0123456789abcdef', ...NOWHERE);
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^--groups: bootstrap group "system:bootstrappers:Bad" is invalid/m);
  t.notRegex(r.stderr, /abcdef\.0123456789abcdef/);
});

test('token create with --config refuses the token flags', async (t) => {
  const r = await cli('token', 'create', '--config', 'examples/single-node.yaml', '--ttl', '1h', ...NOWHERE);
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /can not mix '--config' with --ttl/);
});

test('token delete: kubeadm\'s messages for no argument and for a malformed one (not echoed)', async (t) => {
  const none = await cli('token', 'delete', ...NOWHERE);
  t.is(none.exitCode, 1);
  t.regex(none.stderr, /missing argument; 'token delete' is missing token of form "\\A\(\[a-z0-9\]\{6\}\)\\\.\(\[a-z0-9\]\{16\}\)\\z" or "\\A\(\[a-z0-9\]\{6\}\)\\z"/);
  const bad = await cli('token', 'delete', 'abcdef', 'NOT-A-TOKEN', ...NOWHERE);
  t.is(bad.exitCode, 1);
  t.regex(bad.stderr, /argument 2: given token didn't match pattern/);
  t.notRegex(bad.stderr, /NOT-A-TOKEN/);
  t.notRegex(bad.stderr, /does not exist/, 'checked before the kubeconfig is read');
});

test('token list names the kubeconfig it cannot read', async (t) => {
  const r = await cli('token', 'list', ...NOWHERE);
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /kubeconfig file "\/nonexistent\/admin.conf" does not exist/);
});

test('an unknown flag of a token command is named with the flags it takes', async (t) => {
  const r = await cli('token', 'list', '--ttl', '1h');
  t.is(r.exitCode, 1);
  t.regex(r.stderr, /^error: --ttl: not a flag of `minikubeadm token list`$/m);
  t.regex(r.stderr, /takes --kubeconfig, --kubernetes-dir, --kubeconfig-dir, --dry-run, -v, --output/);
});
