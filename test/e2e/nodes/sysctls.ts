// The kubelet (protectKernelDefaults: false) sets a few host-wide kernel settings when it starts.
// Tests save them before the first kubelet of any run on this machine starts and put them back when
// the last run holding them ends (or the sweeper finds its owner dead). Several runs may overlap:
// the values saved are the machine's own, taken before any test kubelet changed them.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Owner, ownerAlive, sleepSync } from './host.js';

/** What a v1.20 kubelet writes at start (pkg/kubelet/cm/container_manager_linux.go setupKernelTunables). */
export const KUBELET_SYSCTLS = ['vm/overcommit_memory', 'vm/panic_on_oom', 'kernel/panic', 'kernel/panic_on_oops', 'kernel/keys/root_maxkeys', 'kernel/keys/root_maxbytes'] as const;

const dir = (): string => join(tmpdir(), 'mka-sysctls');
const originalsFile = (): string => join(dir(), 'originals.json');
const holdersDir = (): string => join(dir(), 'holders');

function read(name: string): string | undefined {
  try {
    return readFileSync(`/proc/sys/${name}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function withLock<T>(fn: () => T): T {
  const lock = join(dir(), 'lock');
  mkdirSync(dir(), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 30 s belongs to a process that died holding it.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmdirSync(lock);
      } catch {
        // gone meanwhile
      }
      if (i > 300) throw new Error(`could not take ${lock}`);
      sleepSync(100);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

/** Records the machine's values (if no live run did) and registers `holder` as needing them back. */
export function holdKubeletSysctls(holder: string, owner: Owner): void {
  withLock(() => {
    mkdirSync(holdersDir(), { recursive: true });
    if (!existsSync(originalsFile())) {
      const values = Object.fromEntries(KUBELET_SYSCTLS.map((n) => [n, read(n)]).filter(([, v]) => v !== undefined));
      writeFileSync(`${originalsFile()}.tmp`, JSON.stringify(values));
      renameSync(`${originalsFile()}.tmp`, originalsFile());
    }
    writeFileSync(join(holdersDir(), holder), JSON.stringify(owner));
  });
}

/**
 * Drops `holder` (and holders whose owner died); when none is left, writes the saved values back.
 * Returns the values restored, or undefined when other runs still hold them.
 */
export function releaseKubeletSysctls(holder: string): Record<string, string> | undefined {
  if (!existsSync(dir())) return undefined;
  const restored = withLock(() => {
    rmSync(join(holdersDir(), holder), { force: true });
    let live = 0;
    for (const h of existsSync(holdersDir()) ? readdirSync(holdersDir()) : []) {
      try {
        if (ownerAlive(JSON.parse(readFileSync(join(holdersDir(), h), 'utf8')) as Owner)) live++;
        else rmSync(join(holdersDir(), h), { force: true });
      } catch {
        rmSync(join(holdersDir(), h), { force: true });
      }
    }
    if (live > 0 || !existsSync(originalsFile())) return undefined;
    const values = JSON.parse(readFileSync(originalsFile(), 'utf8')) as Record<string, string>;
    for (const [name, value] of Object.entries(values)) {
      if (read(name) !== value) writeFileSync(`/proc/sys/${name}`, value);
    }
    rmSync(originalsFile(), { force: true });
    rmSync(holdersDir(), { recursive: true, force: true });
    return values;
  });
  if (restored) {
    try {
      rmdirSync(dir()); // only if no other run started using it meanwhile
    } catch {
      // not empty: another run holds it now
    }
  }
  return restored;
}

/** The values saved by live runs, if any (for tests). */
export function savedKubeletSysctls(): Record<string, string> | undefined {
  try {
    return JSON.parse(readFileSync(originalsFile(), 'utf8')) as Record<string, string>;
  } catch {
    return undefined;
  }
}

export function currentKubeletSysctls(): Record<string, string> {
  return Object.fromEntries(KUBELET_SYSCTLS.map((n) => [n, read(n)]).filter((e): e is [string, string] => e[1] !== undefined));
}
