import test from 'ava';
import { formatDuration, parseDuration } from '../../../src/config/duration.js';

const parses = test.macro({
  exec: (t, text: string, ms: number | undefined) => t.is(parseDuration(text), ms),
  title: (_p, text: string) => `parseDuration(${JSON.stringify(text)})`,
});
test(parses, '8760h', 8760 * 3_600_000);
test(parses, '8760h0m0s', 8760 * 3_600_000);
test(parses, '1h30m', 5_400_000);
test(parses, '1.5h', 5_400_000);
test(parses, '90s', 90_000);
test(parses, '250ms', 250);
test(parses, '0', 0);
test(parses, '-5m', -300_000);
test(parses, '', undefined);
test(parses, '10', undefined);
test(parses, '1y', undefined);
test(parses, '1h 30m', undefined);
test(parses, 'h', undefined);

test('formats like Go', (t) => {
  t.is(formatDuration(8760 * 3_600_000), '8760h0m0s');
  t.is(formatDuration(240_000), '4m0s');
  t.is(formatDuration(30_000), '30s');
  t.is(formatDuration(0), '0s');
  t.is(formatDuration(1_500), '1.5s');
});
