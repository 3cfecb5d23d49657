/** CIDR math over arbitrary subnets (fast-check): service IP index 1 and 10, containment, overlap symmetry. */
import test from 'ava';
import fc from 'fast-check';
import { bigIntToIP, cidrSize, cidrsOverlap, indexedIP, ipToBigInt, parseCidr } from '../../../src/net/ip.js';

const v4 = fc.tuple(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, p]) => `${bigIntToIP(BigInt(n), 4)}/${p}`);
const v6 = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })).map(([n, p]) => `${bigIntToIP(n, 6)}/${p}`);
const cidr = fc.oneof(v4, v6);

test('addresses print and parse back to the same number', (t) => {
  fc.assert(fc.property(fc.nat({ max: 0xffffffff }), (n) => ipToBigInt(bigIntToIP(BigInt(n), 4)) === BigInt(n)));
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (n) => ipToBigInt(bigIntToIP(n, 6)) === n));
  t.pass();
});

test('the network address is masked, and indexes 1 and 10 (API server and DNS VIPs) lie inside the subnet', (t) => {
  fc.assert(
    fc.property(cidr, (text) => {
      const c = parseCidr(text)!;
      const size = cidrSize(c);
      if (c.base % size !== 0n) return false;
      for (const index of [0, 1, 10]) {
        const ip = indexedIP(text, index);
        if (BigInt(index) >= size) {
          if (ip !== undefined) return false;
          continue;
        }
        if (ip === undefined) return false;
        const n = ipToBigInt(ip);
        if (n !== c.base + BigInt(index)) return false;
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('overlap is symmetric, reflexive, and true exactly when one subnet contains the other\'s network address', (t) => {
  fc.assert(
    fc.property(cidr, cidr, (x, y) => {
      const a = parseCidr(x)!;
      const b = parseCidr(y)!;
      const inside = (n: bigint, c: typeof a): boolean => n >= c.base && n < c.base + cidrSize(c);
      const expected = a.family === b.family && (inside(a.base, b) || inside(b.base, a));
      return cidrsOverlap(a, b) === cidrsOverlap(b, a) && cidrsOverlap(a, a) && cidrsOverlap(a, b) === expected;
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('parsing arbitrary text never throws; a prefix beyond the family width or a zone is refused', (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 50 }), (s) => parseCidr(s) === undefined || parseCidr(s)!.prefix <= 128));
  t.is(parseCidr('10.0.0.0/33'), undefined);
  t.is(parseCidr('fd00::/129'), undefined);
  t.is(parseCidr('fd00::%eth0/64'), undefined);
  t.pass();
});
