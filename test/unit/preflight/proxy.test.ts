import test from 'ava';
import { proxyFor } from '../../../src/preflight/proxy.js';

const P = { HTTPS_PROXY: 'proxy.example:3128' };
const cases: [string, Record<string, string>, string, string | undefined][] = [
  ['no proxy configured', {}, 'https://10.0.0.1', undefined],
  ['bare host:port gets http://', P, 'https://10.0.0.1', 'http://proxy.example:3128'],
  ['lower-case variable', { https_proxy: 'http://p:8080' }, 'https://10.0.0.1', 'http://p:8080'],
  ['upper-case wins', { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' }, 'https://10.0.0.1', 'http://a:1'],
  ['HTTP_PROXY is not used for https', { HTTP_PROXY: 'http://p:1' }, 'https://10.0.0.1', undefined],
  ['loopback is never proxied', P, 'https://127.0.0.1', undefined],
  ['IPv6 loopback is never proxied', P, 'https://[::1]:1234', undefined],
  ['NO_PROXY *', { ...P, NO_PROXY: '*' }, 'https://10.0.0.1', undefined],
  ['NO_PROXY CIDR', { ...P, NO_PROXY: '10.96.0.0/12' }, 'https://10.96.0.1:1234/', undefined],
  ['NO_PROXY CIDR miss', { ...P, no_proxy: '10.96.0.0/12' }, 'https://10.244.0.1:1234/', 'http://proxy.example:3128'],
  ['NO_PROXY IP', { ...P, NO_PROXY: 'foo, 192.0.2.10' }, 'https://192.0.2.10', undefined],
  ['NO_PROXY IPv6 CIDR', { ...P, NO_PROXY: 'fd00::/8' }, 'https://[fd00::1]:1234', undefined],
  ['NO_PROXY domain covers subdomains', { ...P, NO_PROXY: 'example.com' }, 'https://cp.example.com', undefined],
  ['NO_PROXY .domain covers only subdomains', { ...P, NO_PROXY: '.example.com' }, 'https://example.com', 'http://proxy.example:3128'],
  ['NO_PROXY with a port only matches that port', { ...P, NO_PROXY: 'cp.example.com:6443' }, 'https://cp.example.com', 'http://proxy.example:3128'],
  ['password is masked', { HTTPS_PROXY: 'http://user:s3cret@p:3128' }, 'https://10.0.0.1', 'http://user:***@p:3128'],
];

for (const [title, env, url, want] of cases) {
  test(title, (t) => t.is(proxyFor(env, url), want));
}
