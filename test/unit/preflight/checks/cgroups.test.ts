import test from 'ava';
import { detectCgroups, judgeCgroups, parseMounts, parseProcCgroups } from '../../../../src/preflight/checks/cgroups.js';
import { fixtureHost } from '../../../fixtures/hosts/fixture-host.js';

test('detects v2, v1 and hybrid layouts', async (t) => {
  t.like(await detectCgroups(fixtureHost('healthy')), { mode: 'v2', unifiedMount: '/sys/fs/cgroup' });
  t.like(await detectCgroups(fixtureHost('cgroup-v1')), { mode: 'v1' });
  t.like(await detectCgroups(fixtureHost('cgroup-hybrid')), { mode: 'hybrid', unifiedMount: '/sys/fs/cgroup/unified' });
  t.like(await detectCgroups(fixtureHost('broken')), { mode: 'none' });
});

test('v1 controllers come from /proc/cgroups, disabled ones excluded', (t) => {
  t.deepEqual(parseProcCgroups('#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t1\t1\t1\nmemory\t0\t1\t0\n\n'), ['cpu']);
  t.deepEqual(parseMounts('cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\nshort line\n'), [{ mountpoint: '/sys/fs/cgroup', fstype: 'cgroup2' }]);
});

test('missing required controllers are errors, missing optional ones warnings', (t) => {
  const v = judgeCgroups({ mode: 'v1', controllers: ['cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'memory'] });
  t.deepEqual(v.errors.map((e) => e.message), ['missing required cgroups: pids']);
  t.deepEqual(v.warnings.map((w) => w.message), ['cgroups v1 support is in maintenance mode, please migrate to cgroups v2', 'missing optional cgroups: hugetlb blkio']);
  t.regex(v.errors[0]!.hint, /cgroup_enable=pids/);
});
