import test from 'ava';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeftoverTemp, sweepTempFiles } from '../../../src/host/sweep.js';

const DEAD = 2147483646;

test('temporary names of this tool from a dead process are leftovers', (t) => {
  t.true(isLeftoverTemp(`.ca.key.${DEAD}.mk3x0abc12.tmp`));
  t.true(isLeftoverTemp(`.minikubeadm.lock.${DEAD}.new`));
  t.false(isLeftoverTemp(`.ca.key.${process.pid}.mk3x0abc12.tmp`), 'this process');
  t.false(isLeftoverTemp('.ca.key.1.mk3x0abc12.tmp'), 'pid 1 is running');
  t.false(isLeftoverTemp(`.ca.key.${DEAD}.mk3x0abc12.tmp`, () => true), 'a running writer');
  for (const name of ['ca.key', 'ca.crt', '.ca.swap', 'notes.tmp', '.x.tmp', `.ca.key.${DEAD}.UPPER.tmp`]) t.false(isLeftoverTemp(name), name);
});

test('a killed run\'s temporaries are removed, everything else is kept', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mka-sweep-'));
  const names = [`.ca.key.${DEAD}.a1.tmp`, `.admin.conf.${DEAD}.zz9.tmp`, 'ca.key', `.ca.key.${process.pid}.b2.tmp`];
  for (const n of names) await writeFile(join(dir, n), 'x');
  const removed = await sweepTempFiles([dir, dir, join(dir, 'absent'), join(dir, 'ca.key')]);
  t.deepEqual(removed.sort(), [join(dir, `.admin.conf.${DEAD}.zz9.tmp`), join(dir, `.ca.key.${DEAD}.a1.tmp`)]);
  t.deepEqual((await readdir(dir)).sort(), [`.ca.key.${process.pid}.b2.tmp`, 'ca.key']);
});
