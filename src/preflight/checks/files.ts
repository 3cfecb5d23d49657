/**
 * Checks about paths, named after the path the way kubeadm names them: FileAvailable (must not
 * exist yet), DirAvailable (missing or empty), FileExisting (must exist; on PATH for executables)
 * and FileContent (starts with the expected bytes).
 */
import { type Check, type PreflightPlan, type Severity, always, fail, pass, pathCheckName } from '../types.js';

const RESET_HINT = 'run `kubeadm reset` (or remove it) if this node is meant to be set up again, or use another --kubernetes-dir';

export function fileAvailableCheck(path: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: pathCheckName('FileAvailable', path),
    severity: 'error',
    appliesTo,
    async run(host) {
      if ((await host.stat(path)) === undefined) return pass(`${path} does not exist yet`);
      return fail(`${path} already exists`, `a previous init or join left ${path} behind: ${RESET_HINT}`);
    },
  };
}

export function dirAvailableCheck(path: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: pathCheckName('DirAvailable', path),
    severity: 'error',
    appliesTo,
    async run(host) {
      const kind = await host.stat(path);
      if (kind === undefined) return pass(`${path} does not exist yet`);
      if (kind !== 'dir') return fail(`${path} is not a directory`, `remove ${path} or point the configuration at another directory`);
      let entries: string[] | undefined;
      try {
        entries = await host.readDir(path);
      } catch (e) {
        return fail(`unable to check if ${path} is empty: ${(e as Error).message}`, `make ${path} readable by this user, or remove it`);
      }
      if (!entries || entries.length === 0) return pass(`${path} is empty`);
      return fail(`${path} is not empty`, `it holds data of an earlier cluster: ${RESET_HINT}, or set etcd.local.dataDir to an empty directory`);
    },
  };
}

/** Files that must all exist, under one label (kubeadm's FileExistingCheck with a Label). */
export function filesExistingCheck(paths: readonly string[], label: string, hint: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: label,
    severity: 'error',
    appliesTo,
    async run(host) {
      const missing: string[] = [];
      for (const path of paths) if ((await host.stat(path)) === undefined) missing.push(path);
      if (missing.length === 0) return pass(`${paths.join(', ') || 'nothing'} ${paths.length === 1 ? 'exists' : 'exist'}`);
      return fail(missing.map((p) => `${p} doesn't exist`).join('; '), hint);
    },
  };
}

/** An executable on PATH: FileExisting-<name>. */
export function inPathCheck(binary: string, severity: Severity, hint: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: pathCheckName('FileExisting', binary),
    severity,
    appliesTo,
    async run(host) {
      const found = await host.which(binary);
      if (found) return pass(`${binary} found at ${found}`);
      return fail(`${binary} not found in system path`, hint);
    },
  };
}

export function fileContentCheck(path: string, content: string, hint: string, appliesTo: (p: PreflightPlan) => boolean = always): Check {
  return {
    name: pathCheckName('FileContent', path),
    severity: 'error',
    appliesTo,
    async run(host) {
      let data: Buffer | undefined;
      try {
        data = await host.readFile(path);
      } catch {
        return fail(`${path} could not be read`, hint);
      }
      if (data === undefined) return fail(`${path} does not exist`, hint);
      if (data.subarray(0, Buffer.byteLength(content)).toString('utf8') === content) return pass(`${path} is set to ${content}`);
      return fail(`${path} contents are not set to ${content}`, hint);
    },
  };
}
