import test from 'ava';
import { hostnameCheck, httpProxyCheck, httpProxyCidrCheck, portCheck, qualifiedNameProblems } from '../../../../src/preflight/checks/network.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { defaultPlan, runOne } from '../helpers.js';

test('Port-<n> fails when the port is in use (fixture; real listeners are in the integration tests)', async (t) => {
  const plan = await defaultPlan();
  const check = portCheck(6443, 'or choose another port');
  t.is(check.name, 'Port-6443');
  t.like(await runOne(check, fixtureHost('healthy'), plan), { passed: true, message: 'port 6443 is free' });
  const r = await runOne(check, fixtureHost('ports-taken'), plan);
  t.like(r, { name: 'Port-6443', severity: 'error', passed: false, message: 'Port 6443 is in use' });
  t.regex(r.hint!, /ss -ltnp 'sport = :6443'.*another port/);
});

test('HTTPProxy warns when HTTPS to the advertise address would use a proxy', async (t) => {
  const plan = await defaultPlan();
  const check = httpProxyCheck((p) => p.advertiseAddress);
  t.like(await runOne(check, fixtureHost('healthy'), plan), { name: 'HTTPProxy', passed: true });
  const exempt = fixtureHost('broken', { env: { NO_PROXY: '192.0.2.0/24' } });
  t.like(await runOne(check, exempt, plan), { passed: true });
  const r = await runOne(check, fixtureHost('broken'), plan);
  t.like(r, { name: 'HTTPProxy', severity: 'warning', passed: false, message: 'Connection to "https://192.0.2.10" uses proxy "http://proxy.example:3128". If that is not intended, adjust your proxy settings' });
  t.regex(r.hint!, /NO_PROXY/);
  const v6 = await runOne(check, fixtureHost('broken'), { ...plan, advertiseAddress: '2001:db8::10' });
  t.regex(v6.message, /"https:\/\/\[2001:db8::10\]:1234"/);
  t.like(await runOne(check, fixtureHost('broken'), { ...plan, advertiseAddress: '' }), { passed: true, message: 'no address to check yet' });
});

test('HTTPProxyCIDR warns when the first service or pod address would use a proxy', async (t) => {
  const plan = await defaultPlan({ cluster: { networking: { podSubnet: '10.244.0.0/16' } } });
  const check = httpProxyCidrCheck();
  t.like(await runOne(check, fixtureHost('broken', { env: { NO_PROXY: '10.96.0.0/12,10.244.0.0/16' } }), plan), { name: 'HTTPProxyCIDR', passed: true });
  const r = await runOne(check, fixtureHost('broken', { env: { NO_PROXY: '10.96.0.0/12' } }), plan);
  t.like(r, { name: 'HTTPProxyCIDR', severity: 'warning', passed: false });
  t.regex(r.message, /^connection to "10\.244\.0\.0\/16" uses proxy "http:\/\/proxy\.example:3128"\. This may lead to malfunctional cluster setup/);
  t.regex(r.hint!, /NO_PROXY/);
  const bad = await runOne(check, fixtureHost('healthy'), { ...plan, podSubnet: '10.244.0.0/33' });
  t.like(bad, { severity: 'error', passed: false, message: 'error parsing CIDR "10.244.0.0/33"' });
});

test('Hostname warns when the node name does not resolve or is not a valid name', async (t) => {
  const plan = await defaultPlan();
  t.like(await runOne(hostnameCheck, fixtureHost('healthy'), plan), { name: 'Hostname', passed: true, message: '"node-1" resolves to 192.0.2.10' });
  const r = await runOne(hostnameCheck, fixtureHost('broken'), plan);
  t.like(r, { name: 'Hostname', severity: 'warning', passed: false, message: 'hostname "node-1" could not be reached (lookup node-1: no such host)' });
  t.regex(r.hint!, /\/etc\/hosts.*192\.0\.2\.10 node-1/);
  const bad = await runOne(hostnameCheck, fixtureHost('healthy', { dns: { 'node_1-': ['192.0.2.10'] } }), { ...plan, nodeName: 'node_1-' });
  t.like(bad, { passed: false, severity: 'warning' });
  t.regex(bad.message, /^invalid node name format "node_1-"/);
});

test('qualified names follow apimachinery', (t) => {
  t.deepEqual(qualifiedNameProblems('node-1'), []);
  t.deepEqual(qualifiedNameProblems('example.com/Node_1'), []);
  t.is(qualifiedNameProblems('').length, 1);
  t.is(qualifiedNameProblems('-x').length, 1);
  t.is(qualifiedNameProblems('a'.repeat(64)).length, 1);
  t.is(qualifiedNameProblems('/x').length, 1);
  t.is(qualifiedNameProblems('a/b/c').length, 1);
});
