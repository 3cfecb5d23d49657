import test from 'ava';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectDefaultAddress, isGlobalUnicast, parseIPv6RouteTable, parseRouteTable } from '../../../src/net/default-address.js';

const ROUTE_HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT';
const route = (iface: string, dest: string, gw: string, flags: string, metric: number, mask: string) =>
  `${iface}\t${dest}\t${gw}\t${flags}\t0\t0\t${metric}\t${mask}\t0\t0\t0`;
const v6route = (dest: string, prefix: string, flags: string, iface: string, metric = '00000400') =>
  `${dest} ${prefix} ${'0'.repeat(32)} 00 ${'0'.repeat(32)} ${metric} 00000001 00000000 ${flags} ${iface}`;

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid: 0 };
}

async function procTree(routeText: string, ipv6Text = ''): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'mka-proc-'));
  await mkdir(join(root, 'net'));
  await writeFile(join(root, 'net', 'route'), routeText);
  if (ipv6Text) await writeFile(join(root, 'net', 'ipv6_route'), ipv6Text);
  return root;
}

const interfaces = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  eth0: [v6('fe80::1'), v4('192.0.2.2')],
  eth1: [v4('198.51.100.9'), v6('2001:db8::9')],
  wg0: [v6('2001:db8:1::5')],
};

test('parses the IPv4 default routes, lowest metric first, ignoring down routes', (t) => {
  const text = [
    ROUTE_HEADER,
    route('eth1', '00000000', '0164A8C0', '0003', 200, '00000000'),
    route('eth0', '00000000', '010200C0', '0003', 100, '00000000'),
    route('eth0', '000200C0', '00000000', '0001', 0, '00FFFFFF'),
    route('eth2', '00000000', '010200C0', '0002', 0, '00000000'),
  ].join('\n');
  t.deepEqual(parseRouteTable(text), [
    { iface: 'eth0', metric: 100, family: 4 },
    { iface: 'eth1', metric: 200, family: 4 },
  ]);
});

test('parses the IPv6 default routes and skips lo and down entries', (t) => {
  const text = [
    v6route('fd000000000000000000000000000000', '40', '00000001', 'eth0'),
    v6route('0'.repeat(32), '00', '00000003', 'wg0'),
    v6route('0'.repeat(32), '00', '00200200', 'lo', 'ffffffff'),
  ].join('\n');
  t.deepEqual(parseIPv6RouteTable(text), [{ iface: 'wg0', metric: 0x400, family: 6 }]);
});

test('the default-route interface wins (machine with two interfaces)', async (t) => {
  const proc = await procTree([ROUTE_HEADER, route('eth1', '00000000', '0164A8C0', '0003', 0, '00000000')].join('\n'));
  t.is(await detectDefaultAddress({ procRoot: proc, interfaces: () => interfaces }), '198.51.100.9');
});

test('link-local addresses are skipped on the route interface', async (t) => {
  const proc = await procTree([ROUTE_HEADER, route('eth0', '00000000', '010200C0', '0003', 0, '00000000')].join('\n'));
  t.is(await detectDefaultAddress({ procRoot: proc, interfaces: () => interfaces }), '192.0.2.2');
});

test('IPv6-only default route gives the IPv6 global address', async (t) => {
  const proc = await procTree(ROUTE_HEADER, v6route('0'.repeat(32), '00', '00000003', 'wg0'));
  t.is(await detectDefaultAddress({ procRoot: proc, interfaces: () => interfaces }), '2001:db8:1::5');
});

test('no default route: first global IPv4 address of any interface', async (t) => {
  const proc = await procTree(ROUTE_HEADER);
  t.is(await detectDefaultAddress({ procRoot: proc, interfaces: () => interfaces }), '192.0.2.2');
});

test('nothing usable (loopback only, no /proc files): undefined', async (t) => {
  const empty = await mkdtemp(join(tmpdir(), 'mka-proc-'));
  t.is(await detectDefaultAddress({ procRoot: empty, interfaces: () => ({ lo: [v4('127.0.0.1', true)], eth0: [v4('169.254.3.4')] }) }), undefined);
});

test('global unicast classification', (t) => {
  t.true(isGlobalUnicast('10.1.2.3', 4));
  t.false(isGlobalUnicast('127.0.0.1', 4));
  t.false(isGlobalUnicast('169.254.1.1', 4));
  t.false(isGlobalUnicast('224.0.0.1', 4));
  t.false(isGlobalUnicast('0.0.0.0', 4));
  t.true(isGlobalUnicast('2001:db8::1', 6));
  t.true(isGlobalUnicast('fd00::2', 6));
  t.false(isGlobalUnicast('fe80::1', 6));
  t.false(isGlobalUnicast('::1', 6));
  t.false(isGlobalUnicast('ff02::1', 6));
});

test('this machine: the real /proc gives an address that is one of its interfaces', async (t) => {
  const { networkInterfaces } = await import('node:os');
  const addr = await detectDefaultAddress();
  const all = Object.values(networkInterfaces()).flat().map((i) => i!.address);
  if (addr === undefined) t.false(all.some((a) => !a.startsWith('127.') && a !== '::1' && !a.startsWith('fe80')));
  else t.true(all.includes(addr));
});
