import test from 'ava';
import { Reporter } from '../../../../src/config/report.js';
import { bool, checkSchema, closest, duration, int, list, map, num, obj, oneOf, quantity, schemaHas, str } from '../../../../src/config/load/schema.js';
import { KUBEADM_SCHEMAS } from '../../../../src/config/load/schema-kubeadm.js';

const schema = obj({ name: str, port: int, on: bool, tags: list(str), labels: map(str), nested: obj({ x: str }) });

test('valid values pass through, nulls are dropped', (t) => {
  const r = new Reporter(undefined);
  const out = checkSchema({ name: 'a', port: 1, on: true, tags: ['x'], labels: { k: 'v', gone: null }, nested: null }, schema, 'K', { report: r });
  t.deepEqual(r.issues, []);
  t.deepEqual(out, { name: 'a', port: 1, on: true, tags: ['x'], labels: { k: 'v' } });
});

test('wrong types and unknown fields are reported with full paths', (t) => {
  const r = new Reporter(undefined);
  checkSchema({ name: 1, port: 1.5, on: 'yes', tags: 'x', labels: { k: 2 }, nested: { y: 'z' }, nmae: 'typo', zzz: 1 }, schema, 'K', { report: r });
  t.deepEqual(
    r.issues.map((i) => i.path),
    ['K.name', 'K.port', 'K.on', 'K.tags', 'K.labels.k', 'K.nested.y', 'K.nmae', 'K.zzz'],
  );
  t.regex(r.issues.find((i) => i.path === 'K.nmae')!.message, /did you mean "name"\?/);
  t.regex(r.issues.find((i) => i.path === 'K.zzz')!.message, /known fields here: name, port, on, tags, labels, nested/);
  t.regex(r.issues.find((i) => i.path === 'K.port')!.message, /whole number, got number 1\.5/);
});

test('a null list item is an error', (t) => {
  const r = new Reporter(undefined);
  checkSchema({ tags: ['a', null] }, schema, 'K', { report: r });
  t.deepEqual(r.issues.map((i) => i.path), ['K.tags[1]']);
});

test('closest finds near misses only', (t) => {
  t.is(closest('podSubnett', ['podSubnet', 'serviceSubnet']), 'podSubnet');
  t.is(closest('certSans', ['certSANs']), 'certSANs');
  t.is(closest('completely', ['podSubnet']), undefined);
});

test('the v1beta4 and v1beta3 schemas differ where kubeadm\'s types do', (t) => {
  const v4 = KUBEADM_SCHEMAS['kubeadm.k8s.io/v1beta4']!;
  const v3 = KUBEADM_SCHEMAS['kubeadm.k8s.io/v1beta3']!;
  for (const path of ['encryptionAlgorithm', 'certificateValidityPeriod', 'caCertificateValidityPeriod', 'proxy.disabled', 'dns.disabled', 'apiServer.extraEnvs']) {
    t.true(schemaHas(v4.ClusterConfiguration, path.split('.')), path);
    t.false(schemaHas(v3.ClusterConfiguration, path.split('.')), path);
  }
  t.true(schemaHas(v3.ClusterConfiguration, ['apiServer', 'timeoutForControlPlane']));
  t.false(schemaHas(v4.ClusterConfiguration, ['apiServer', 'timeoutForControlPlane']));
  t.true(schemaHas(v3.JoinConfiguration, ['discovery', 'timeout']));
  t.true(schemaHas(v4.JoinConfiguration, ['timeouts', 'discovery']));
  t.false(schemaHas(v3.InitConfiguration, ['dryRun']));
  t.true(schemaHas(v4.InitConfiguration, ['nodeRegistration', 'imagePullSerial']));
});

test('reporter maps paths to flags, aliases and lines', (t) => {
  const r = new Reporter('f.yaml', new Map([['ClusterConfiguration.apiServer', 3], ['ClusterConfiguration.apiServer.extraArgs.v', 5]]));
  r.alias('ClusterConfiguration.apiServer.extraArgs[0]', 'ClusterConfiguration.apiServer.extraArgs.v');
  r.fromFlag('ClusterConfiguration.networking.podSubnet', '--pod-network-cidr');
  t.deepEqual(r.locate('ClusterConfiguration.apiServer.extraArgs[0]'), { path: 'ClusterConfiguration.apiServer.extraArgs.v', source: 'f.yaml:5' });
  t.deepEqual(r.locate('ClusterConfiguration.apiServer.certSANs[2]'), { path: 'ClusterConfiguration.apiServer.certSANs[2]', source: 'f.yaml:3' });
  t.deepEqual(r.locate('ClusterConfiguration.networking.podSubnet'), { path: '--pod-network-cidr' });
  t.deepEqual(r.locate('InitConfiguration.x'), { path: 'InitConfiguration.x' });
});

test('numbers, durations, quantities and enumerations', (t) => {
  const s = obj({ qps: num, period: duration, limit: quantity, mode: oneOf('', 'a', 'b'), strict: oneOf('x', 'y') });
  const r = new Reporter(undefined);
  const ok = { qps: 5.5, period: '1h30m', limit: '100Mi', mode: '', strict: 'y' };
  t.deepEqual(checkSchema(ok, s, 'K', { report: r }), ok);
  t.deepEqual(checkSchema({ limit: 2 }, s, 'K', { report: r }), { limit: 2 });
  t.deepEqual(r.issues, []);
  checkSchema({ qps: '5', period: 60, limit: 'lots', mode: 'c', strict: '' }, s, 'K', { report: r });
  const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
  t.regex(byPath['K.qps']!, /must be a number, got the string "5"/);
  t.regex(byPath['K.period']!, /must be a duration string .*got number 60/);
  t.regex(byPath['K.limit']!, /must be a quantity .*got the string "lots"/);
  t.is(byPath['K.mode'], 'must be one of "a", "b" (or "" for the default), got the string "c"');
  t.is(byPath['K.strict'], 'must be one of "x", "y", got the string ""');
});

test('a long field list is not repeated in the unknown-field message', (t) => {
  const many = obj(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, str])));
  const r = new Reporter(undefined);
  checkSchema({ zzzzzzzz: 1 }, many, 'K', { report: r });
  t.is(r.issues[0]!.message, 'unknown field "zzzzzzzz"; no such field here (check the spelling and the apiVersion)');
});
