/** Pin parsing (kubeadm's rules) over arbitrary input: accepted pins are exactly sha256:<64 hex>, in any case. */
import test from 'ava';
import fc from 'fast-check';
import { MinikubeadmError } from '../../../src/errors.js';
import { PinSet } from '../../../src/pki/pubkeypin.js';

const HEX = [...'0123456789abcdefABCDEF'];
const hex = (n: number) => fc.array(fc.constantFrom(...HEX), { minLength: n, maxLength: n }).map((a) => a.join(''));

test('any sha256:<64 hex> pin is accepted and then matched in any letter case', (t) => {
  fc.assert(
    fc.property(hex(64), fc.constantFrom('sha256', 'SHA256', 'Sha256'), (value, format) => {
      const pins = new PinSet();
      pins.allow(`${format}:${value}`);
      return !pins.isEmpty() && pins.has(`sha256:${value.toLowerCase()}`) && pins.has(`SHA256:${value.toUpperCase()}`);
    }),
  );
  t.pass();
});

test('anything else is refused with a MinikubeadmError and leaves the set empty', (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 90 }), (s) => {
      const valid = /^sha256:[0-9a-f]{64}$/i.test(s);
      const pins = new PinSet();
      try {
        pins.allow(s);
        return valid;
      } catch (e) {
        return !valid && e instanceof MinikubeadmError && pins.isEmpty();
      }
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('a pin one hex digit off is not matched', (t) => {
  fc.assert(
    fc.property(hex(64), fc.nat({ max: 63 }), (value, at) => {
      const pins = new PinSet();
      pins.allow(`sha256:${value}`);
      const c = value[at]!.toLowerCase();
      const other = value.slice(0, at) + (c === '0' ? '1' : '0') + value.slice(at + 1);
      return !pins.has(`sha256:${other}`);
    }),
  );
  t.pass();
});
