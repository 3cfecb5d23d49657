import test from 'ava';
import type { Config } from '../../../src/config/types.js';
import { MinikubeadmError } from '../../../src/errors.js';
import { controlPlaneEndpoint, localAPIEndpoint } from '../../../src/kubeconfig/endpoint.js';
import { parseHostPort } from '../../../src/net/host-port.js';
import { type DeepPartial, testConfig } from '../../helpers/config.js';

const cfg = (patch: DeepPartial<Config>): Config => testConfig('/tmp/endpoint-test', patch);
const OVERRIDE = 'port specified in controlPlaneEndpoint overrides bindPort in the controlplane address';

const endpoint = test.macro<[DeepPartial<Config>, string, string[]?]>({
  exec(t, patch, url, warnings = []) {
    const seen: string[] = [];
    t.is(controlPlaneEndpoint(cfg(patch), (m) => seen.push(m)), url);
    t.deepEqual(seen, warnings);
  },
  title: (_, patch, url) => `${JSON.stringify(patch.cluster?.controlPlaneEndpoint ?? patch.init?.localAPIEndpoint ?? 'defaults')} → ${url}`,
});

test(endpoint, {}, 'https://192.0.2.10:6443');
test(endpoint, { init: { localAPIEndpoint: { advertiseAddress: 'fd00::0:10', bindPort: 8443 } } }, 'https://[fd00::10]:8443');
test(endpoint, { cluster: { controlPlaneEndpoint: 'cp.example.com' } }, 'https://cp.example.com:6443');
test(endpoint, { cluster: { controlPlaneEndpoint: 'cp.example.com:6443' } }, 'https://cp.example.com:6443');
test(endpoint, { cluster: { controlPlaneEndpoint: 'cp.example.com:7443' } }, 'https://cp.example.com:7443', [OVERRIDE]);
test(endpoint, { cluster: { controlPlaneEndpoint: '198.51.100.7' } }, 'https://198.51.100.7:6443');
test(endpoint, { cluster: { controlPlaneEndpoint: '[fd00::1]:443' } }, 'https://[fd00::1]:443', [OVERRIDE]);
test(endpoint, { cluster: { controlPlaneEndpoint: 'fd00::1' } }, 'https://[fd00::1]:6443');

test('the local endpoint ignores controlPlaneEndpoint', (t) => {
  t.is(localAPIEndpoint(cfg({ cluster: { controlPlaneEndpoint: 'cp.example.com:7443' } }).init.localAPIEndpoint), 'https://192.0.2.10:6443');
});

const bad = test.macro<[string, RegExp]>({
  exec(t, text, message) {
    const e = t.throws(() => parseHostPort(text), { instanceOf: MinikubeadmError });
    t.is(e?.code, 'CONFIG_INVALID');
    t.regex(e!.message, message);
  },
  title: (_, text) => `controlPlaneEndpoint "${text}" is refused`,
});
test(bad, 'cp.example.com:99999', /port 99999 must be a valid number between 1 and 65535/);
test(bad, 'Bad_Host', /host 'Bad_Host' must be a valid IP address or a valid RFC-1123 DNS subdomain/);
test(bad, '[fd00::1]', /host '\[fd00::1\]'/);

test('an advertise address that is not an IP is an error naming the field', (t) => {
  t.throws(() => localAPIEndpoint({ advertiseAddress: 'node-1', bindPort: 6443 }), { message: /localAPIEndpoint\.advertiseAddress/ });
  t.throws(() => localAPIEndpoint({ advertiseAddress: '192.0.2.1', bindPort: 0 }), { message: /localAPIEndpoint\.bindPort/ });
});
