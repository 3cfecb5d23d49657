/**
 * The config loader (fast-check): valid documents built from arbitrary values load with exactly
 * those values; a field the schema does not know, prototype-polluting names included, is always
 * refused by name; and no input at all (random YAML, random bytes) ends in anything but the
 * loader's own validation error or a loaded config: never a crash, never another kind of error.
 */
import test from 'ava';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadConfigImpl } from '../../../src/config/pipeline.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { memoryLogger } from '../../../src/log.js';

const ENV = { hostname: () => 'node-1', detectAddress: async () => '192.0.2.10', generateToken: () => 'abcdef.0123456789abcdef', cwd: '/' };
const load = (text: string) => loadConfigImpl({ text, file: 'cluster.yaml', command: 'init', kubernetesDir: '/tmp/k' }, { ...ENV, log: memoryLogger().log });
const RUNS = { numRuns: 60 };

// YAML 1.1 reads y, n, on, off… as booleans (as kubeadm's parser does); the loader then asks for quotes.
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,14}[a-z0-9])?$/).filter((s) => !/^(y|n|yes|no|on|off|true|false|null)$/.test(s));
const octet = fc.integer({ min: 0, max: 255 });
// Pods in 10.128.0.0/9, services in 172.16.0.0/12: never overlapping, whatever the prefixes.
const podSubnet = fc.tuple(fc.integer({ min: 128, max: 255 }), fc.integer({ min: 9, max: 16 })).map(([b, p]) => {
  const masked = b & (0xff << (16 - p)) & 0xff;
  return `10.${masked}.0.0/${p}`;
});
const serviceSubnet = fc.tuple(fc.integer({ min: 16, max: 31 }), fc.integer({ min: 16, max: 24 })).map(([b, p]) => `172.${b}.0.0/${p}`);
const hours = fc.integer({ min: 1, max: 5 * 8760 });

const base = (cluster: Record<string, unknown>, init: Record<string, unknown> = {}): string =>
  [
    stringify({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'InitConfiguration', nodeRegistration: { name: 'node-1' }, ...init }),
    stringify({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', ...cluster }),
  ].join('---\n');

test('valid documents built from arbitrary values load with exactly those values', async (t) => {
  await fc.assert(
    fc.asyncProperty(label, podSubnet, serviceSubnet, hours, fc.tuple(octet, octet), fc.integer({ min: 1, max: 65535 }), async (clusterName, pods, services, leafHours, [c, d], port) => {
      const config = await load(
        base(
          { clusterName, networking: { podSubnet: pods, serviceSubnet: services }, certificateValidityPeriod: `${leafHours}h0m0s`, caCertificateValidityPeriod: `${leafHours * 2 + 24}h` },
          { localAPIEndpoint: { advertiseAddress: `192.168.${c}.${d}`, bindPort: port } },
        ),
      );
      return (
        config.cluster.clusterName === clusterName &&
        config.cluster.networking.podSubnet === pods &&
        config.cluster.networking.serviceSubnet === services &&
        config.cluster.certificateValidityPeriod.ms === leafHours * 3_600_000 &&
        config.init.localAPIEndpoint.advertiseAddress === `192.168.${c}.${d}` &&
        config.init.localAPIEndpoint.bindPort === port
      );
    }),
    RUNS,
  );
  t.pass();
});

// No field of kubeadm's schemas starts with "x" followed by a digit.
const unknownName = fc.oneof(fc.stringMatching(/^x[0-9][A-Za-z0-9]{0,10}$/), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'));

test('a field the schema does not know is refused by name, at any level', async (t) => {
  await fc.assert(
    fc.asyncProperty(unknownName, fc.constantFrom('top', 'networking', 'apiServer', 'etcd.local'), fc.jsonValue({ maxDepth: 2 }), async (field, where, value) => {
      const doc: Record<string, unknown> = { networking: {}, apiServer: {}, etcd: { local: {} } };
      const parent = where === 'top' ? doc : where === 'etcd.local' ? ((doc['etcd'] as Record<string, unknown>)['local'] as Record<string, unknown>) : (doc[where] as Record<string, unknown>);
      Object.defineProperty(parent, field, { value, enumerable: true, configurable: true, writable: true });
      try {
        await load(base(doc));
        return false;
      } catch (e) {
        return e instanceof MinikubeadmError && e.message.includes(field);
      }
    }),
    RUNS,
  );
  t.pass();
});

/** Loaded, or refused with the loader's own error: anything else (a TypeError, a RangeError) is a defect. */
async function onlyOwnErrors(text: string): Promise<boolean> {
  try {
    await load(text);
    return true;
  } catch (e) {
    return e instanceof MinikubeadmError && e.code !== 'INTERNAL';
  }
}

test('random YAML values as a document are loaded or refused with a validation error, never a crash', async (t) => {
  const doc = fc.dictionary(fc.oneof(fc.constantFrom('apiVersion', 'kind', 'networking', 'etcd', 'apiServer', 'clusterName', 'bootstrapTokens', 'nodeRegistration'), fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
  const kinds = fc.constantFrom('InitConfiguration', 'ClusterConfiguration', 'JoinConfiguration', 'KubeletConfiguration', 'Other');
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(kinds, doc), { minLength: 1, maxLength: 3 }), async (docs) => {
      const text = docs.map(([kind, body]) => stringify({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind, ...body })).join('---\n');
      return onlyOwnErrors(text);
    }),
    RUNS,
  );
  t.pass();
});

test('random text and bytes are refused with a validation error, never a crash', async (t) => {
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'));
  const yamlish = fc.array(fc.constantFrom('apiVersion: kubeadm.k8s.io/v1beta4\n', 'kind: ClusterConfiguration\n', '---\n', '&a [*a]\n', '? [a, b]\n', ': x\n', '  - y\n', '{', '}', '"\\u0000"\n', '!!binary AAA\n', 'a: !!js/function x\n', '<<: *b\n', '%YAML 1.1\n'), { maxLength: 12 }).map((parts) => parts.join(''));
  await fc.assert(fc.asyncProperty(fc.oneof(bytes, yamlish, fc.string({ maxLength: 200 })), onlyOwnErrors), { numRuns: 150 });
  t.pass();
});
