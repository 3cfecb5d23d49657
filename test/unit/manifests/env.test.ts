import test from 'ava';
import { mergeEnvVars, proxyEnvVars } from '../../../src/manifests/env.js';

test('proxy variables: *_proxy in any case, non-empty', (t) => {
  const got = proxyEnvVars({ HTTP_PROXY: 'http://p:3128', no_proxy: 'localhost', Https_Proxy: '', PROXY: 'x', PATH: '/bin', FTP_PROXY: 'ftp://p' });
  t.deepEqual(got.map((e) => e.name).sort(), ['FTP_PROXY', 'HTTP_PROXY', 'no_proxy']);
});

test('merge: later lists win by name, sorted by name', (t) => {
  t.deepEqual(mergeEnvVars([{ name: 'B', value: '1' }, { name: 'A', value: '1' }], [{ name: 'B', value: '2' }, { name: 'C', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }]), [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
    { name: 'C', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  ]);
});
