import test from 'ava';
import { joinHostPort } from '../../../src/net/host-port.js';
import { bigIntToIP, cidrsOverlap, indexedIP, ipToBigInt, parseCidr } from '../../../src/net/ip.js';

const indexed = test.macro((t, cidr: string, index: number, expected: string | undefined) => {
  t.is(indexedIP(cidr, index), expected);
});
test('service VIP', indexed, '10.96.0.0/12', 1, '10.96.0.1');
test('DNS VIP', indexed, '10.96.0.0/12', 10, '10.96.0.10');
test('unmasked base', indexed, '10.96.5.7/16', 10, '10.96.0.10');
test('IPv6 DNS VIP', indexed, 'fd00:10:96::/112', 10, 'fd00:10:96::a');
test('out of range', indexed, '10.0.0.0/29', 10, undefined);
test('garbage', indexed, 'ten.0.0.0/8', 1, undefined);

test('parseCidr rejects malformed input', (t) => {
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.256/8', ' /8', '10.0.0.0/8/8']) {
    t.is(parseCidr(bad), undefined, bad);
  }
});

test('overlap', (t) => {
  const a = parseCidr('10.96.0.0/12')!;
  t.true(cidrsOverlap(a, parseCidr('10.100.0.0/16')!));
  t.false(cidrsOverlap(a, parseCidr('10.244.0.0/16')!));
  t.false(cidrsOverlap(a, parseCidr('fd00::/64')!));
});

test('IPv6 text round-trips in Go form', (t) => {
  for (const ip of ['2001:db8::1', '::1', 'fe80::1:2', '1:2:3:4:5:6:7:8', '::']) {
    t.is(bigIntToIP(ipToBigInt(ip), 6), ip);
  }
  t.is(bigIntToIP(ipToBigInt('::ffff:10.0.0.1'), 6), '::ffff:a00:1');
});

test('joinHostPort brackets IPv6', (t) => {
  t.is(joinHostPort('10.0.0.1', 6443), '10.0.0.1:6443');
  t.is(joinHostPort('fd00::1', 2379), '[fd00::1]:2379');
});
