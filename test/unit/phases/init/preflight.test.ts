import test from 'ava';
import { readdir } from 'node:fs/promises';
import { preflightPhase } from '../../../../phases/init/preflight.js';
import { runPhases } from '../../../../src/workflow/runner.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';
import { testContext } from '../../../helpers/config.js';

test('the phase runs the init checks on the host of the run and stops it on errors, writing nothing', async (t) => {
  const { ctx, dir, err } = await testContext({}, { host: fixtureHost('broken') });
  const e = await t.throwsAsync(runPhases([preflightPhase], ctx, { only: 'preflight' }));
  t.regex(e!.message, /^error execution phase preflight: \[preflight\] Some fatal errors occurred:\n\t\[ERROR IsPrivilegedUser\]: user is not running as root/);
  t.is((e as { code?: string }).code, 'PREFLIGHT_FAILED');
  t.regex(err(), /\[WARNING Swap\]/);
  t.deepEqual(await readdir(dir), []);
});

test('the phase passes on a healthy host', async (t) => {
  const { ctx, out } = await testContext({}, { host: fixtureHost('healthy') });
  await runPhases([preflightPhase], ctx, { only: 'preflight' });
  t.is(out(), '[preflight] Running pre-flight checks\n');
});
