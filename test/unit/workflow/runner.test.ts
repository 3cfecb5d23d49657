import test from 'ava';
import { MinikubeadmError } from '../../../src/errors.js';
import type { Phase } from '../../../src/workflow/phase.js';
import { planSteps, resolvePhase, runPhases } from '../../../src/workflow/runner.js';
import { testContext } from '../../helpers/config.js';

/** A small phase tree that records what ran. */
function tree(ran: string[], produced = new Set<string>()): Phase[] {
  const leaf = (name: string, extra: Partial<Phase> = {}): Phase => ({
    name,
    short: name,
    run: async () => {
      ran.push(name);
      produced.add(name);
    },
    ...extra,
  });
  const made = (phase: string) => ({ phase, needs: `output of ${phase}`, satisfied: async () => produced.has(phase.split('/').pop()!) });
  return [
    leaf('first'),
    { name: 'group', short: 'group', phases: [leaf('a'), leaf('b', { dependsOn: [made('group/a')] })] },
    leaf('renamed', { aliases: ['old-name'] }),
    leaf('last', { dependsOn: [made('first')] }),
  ];
}

test('runs every step in order, parents before children', async (t) => {
  const ran: string[] = [];
  const { ctx } = await testContext();
  await runPhases(tree(ran), ctx);
  t.deepEqual(ran, ['first', 'a', 'b', 'renamed', 'last']);
});

test('selects one phase with its sub-phases, by name, alias or "all"', (t) => {
  const phases = tree([]);
  t.deepEqual(planSteps(phases, { only: 'group' }).map((s) => s.path), ['group/a', 'group/b']);
  t.deepEqual(planSteps(phases, { only: 'group/all' }).map((s) => s.path), ['group/a', 'group/b']);
  t.deepEqual(planSteps(phases, { only: 'GROUP/B' }).map((s) => s.path), ['group/b']);
  t.deepEqual(planSteps(phases, { only: 'old-name' }).map((s) => s.path), ['renamed']);
});

test('skips phases named by path or alias', (t) => {
  const phases = tree([]);
  const paths = planSteps(phases, { skip: ['group/b', 'old-name'] }).map((s) => s.path);
  t.deepEqual(paths, ['first', 'group/a', 'last']);
});

test('unknown phase names are errors listing the valid ones', (t) => {
  const e = t.throws(() => resolvePhase(tree([]), 'nope'), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PHASE_UNKNOWN');
  t.regex(e?.hint ?? '', /group\/a/);
  t.throws(() => planSteps(tree([]), { skip: ['group/zzz'] }), { message: /unknown phase "group\/zzz"/ });
});

test('dependencies are checked before anything runs', async (t) => {
  const ran: string[] = [];
  const { ctx } = await testContext();
  const e = await t.throwsAsync(runPhases(tree(ran), ctx, { skip: ['group/a', 'first'] }), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'PHASE_DEPENDENCY');
  t.regex(e?.message ?? '', /"group\/b" needs output of group\/a/);
  t.regex(e?.message ?? '', /"last" needs output of first/);
  t.deepEqual(ran, [], 'nothing ran');
});

test('a dependency produced earlier (outside this run) is satisfied', async (t) => {
  const ran: string[] = [];
  const produced = new Set(['a']);
  const { ctx } = await testContext();
  await runPhases(tree(ran, produced), ctx, { only: 'group/b' });
  t.deepEqual(ran, ['b']);
});

test('failures are wrapped with the phase path and keep code and hint', async (t) => {
  const { ctx } = await testContext();
  const phases: Phase[] = [
    {
      name: 'certs',
      short: 'certs',
      phases: [
        {
          name: 'apiserver',
          short: 'x',
          run: async () => {
            throw new MinikubeadmError('PKI_INVALID', 'apiserver.crt is expired', { hint: 'renew it' });
          },
        },
      ],
    },
  ];
  const e = await t.throwsAsync(runPhases(phases, ctx), { instanceOf: MinikubeadmError });
  t.is(e?.message, 'error execution phase certs/apiserver: apiserver.crt is expired');
  t.is(e?.code, 'PKI_INVALID');
  t.is(e?.hint, 'renew it');
});

test('each phase logs with its top-level prefix unless it names its own', async (t) => {
  const { ctx, out } = await testContext();
  const phases: Phase[] = [
    { name: 'certs', short: 'c', phases: [{ name: 'ca', short: 'ca', run: async (c) => c.log.info('hello') }] },
    { name: 'mark-master', logPrefix: 'mark-control-plane', short: 'm', run: async (c) => c.log.info('marked') },
  ];
  await runPhases(phases, ctx);
  t.is(out(), '[certs] hello\n[mark-control-plane] marked\n');
});

test('a phase unavailable with this configuration is refused up front with its own hint', async (t) => {
  const ran: string[] = [];
  const phases: Phase[] = [
    ...tree(ran),
    { name: 'picky', short: 'p', unavailable: () => ({ reason: '--fancy is not supported yet', hint: 'leave out --fancy' }), run: async () => void ran.push('picky') },
  ];
  const { ctx } = await testContext();
  const e = await t.throwsAsync(runPhases(phases, ctx), { instanceOf: MinikubeadmError });
  t.is(e?.code, 'NOT_IMPLEMENTED');
  t.regex(e?.message ?? '', /phase "picky" cannot run: --fancy is not supported yet/);
  t.is(e?.hint, 'leave out --fancy');
  t.deepEqual(ran, [], 'nothing ran');
});
