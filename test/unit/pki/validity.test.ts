import test from 'ava';
import { CERTIFICATE_BACKDATE_MS } from '../../../src/config/constants.js';
import { duration } from '../../../src/config/duration.js';
import { caValidity, leafValidity } from '../../../src/pki/validity.js';
import { doc, issuesOf } from '../config/helpers.js';

const now = new Date('2030-03-04T05:06:07.890Z');
const HOUR = 3_600_000;
const periods = (leaf: string, ca: string) => ({ certificateValidityPeriod: duration(leaf), caCertificateValidityPeriod: duration(ca) });

test('defaults: leaves backdated 5 minutes and valid one year, CAs from now for ten years (whole seconds)', (t) => {
  const p = periods('8760h0m0s', '87600h0m0s');
  const start = Date.parse('2030-03-04T05:06:07Z');
  t.deepEqual(leafValidity(p, now), { notBefore: new Date(start - CERTIFICATE_BACKDATE_MS), notAfter: new Date(start + 8760 * HOUR) });
  t.deepEqual(caValidity(p, now), { notBefore: new Date(start), notAfter: new Date(start + 87600 * HOUR) });
});

test('periods come from the config: 10-year leaves, 20-year CAs, short test periods', (t) => {
  const start = Date.parse('2030-03-04T05:06:07Z');
  t.is(leafValidity(periods('87600h', '175200h'), now).notAfter.getTime(), start + 87600 * HOUR);
  t.is(caValidity(periods('87600h', '175200h'), now).notAfter.getTime(), start + 175200 * HOUR);
  t.is(leafValidity(periods('1h30m', '2h'), now).notAfter.getTime(), start + 1.5 * HOUR);
});

test('a period that is not a positive Go duration is an error naming the field (refused by validation, before any certificate)', async (t) => {
  for (const bad of ['1 year', '0s', '-5h', '']) {
    const issues = await issuesOf(t, doc('ClusterConfiguration', `certificateValidityPeriod: "${bad}"\n`));
    t.true(issues.some((i) => i.path === 'ClusterConfiguration.certificateValidityPeriod'), JSON.stringify(issues));
  }
  const issues = await issuesOf(t, doc('ClusterConfiguration', 'caCertificateValidityPeriod: ten years\n'));
  t.true(issues.some((i) => i.path === 'ClusterConfiguration.caCertificateValidityPeriod' && i.message.includes('"ten years"')), JSON.stringify(issues));
});
