/**
 * minikubeadm's own directory flags (--kubernetes-dir, --kubelet-dir, --kubeconfig-dir,
 * --templates-dir) may be relative: they are resolved against the working directory. They must not
 * be empty (that would silently mean the working directory) nor lie in /proc or /sys, where nothing
 * can be created (Node's recursive mkdir never returns there), nor name something that is not a
 * directory (a file given as --templates-dir). Checked before anything is written.
 */
import { realpathSync, statSync } from 'node:fs';
import { fileKind } from '../read-file.js';
import { basename, dirname, join, resolve } from 'node:path';
import { kernelFilesystemOf } from '../config/kernel-filesystems.js';
import { MinikubeadmError } from '../errors.js';
import type { PathFlags } from '../config/paths.js';

const FLAG_NAMES: Readonly<Record<keyof PathFlags, string>> = {
  kubernetesDir: '--kubernetes-dir',
  kubeletDir: '--kubelet-dir',
  kubeconfigDir: '--kubeconfig-dir',
  templatesDir: '--templates-dir',
};

/** Where `path` really is: symbolic links in the part that exists resolved, the rest appended. */
export function realLocation(path: string, cwd: string): string {
  let existing = resolve(cwd, path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return resolve(cwd, path);
      rest.unshift(basename(existing));
      existing = parent;
    }
  }
}

/** What is wrong with one directory flag's value, or `undefined`. */
export function pathFlagProblem(value: string, cwd: string): string | undefined {
  if (value.trim() === '') return 'must not be empty (an empty value would mean the working directory)';
  const real = realLocation(value, cwd);
  const kernel = kernelFilesystemOf(real);
  if (kernel === undefined) {
    const st = statSync(real, { throwIfNoEntry: false });
    return st === undefined || st.isDirectory() ? undefined : `${JSON.stringify(value)} is ${fileKind(st.mode)}, not a directory`;
  }
  const typed = resolve(cwd, value);
  const via = kernelFilesystemOf(typed) === undefined ? ` (it leads to ${JSON.stringify(real)})` : '';
  return `${JSON.stringify(value)} is under ${kernel}${via}, a kernel filesystem where nothing can be created`;
}

/** Throw FLAG_INVALID naming every directory flag whose value cannot be used. */
export function checkPathFlags(flags: PathFlags, cwd = process.cwd()): void {
  const problems: [flag: string, problem: string][] = [];
  for (const [key, flag] of Object.entries(FLAG_NAMES) as [keyof PathFlags, string][]) {
    const value = flags[key];
    if (value === undefined) continue;
    const problem = pathFlagProblem(value, cwd);
    if (problem) problems.push([flag, problem]);
  }
  if (problems.length === 0) return;
  throw new MinikubeadmError('FLAG_INVALID', problems.map(([flag, problem]) => `${flag}: ${problem}`).join('\n'), {
    hint: `choose a directory on a real filesystem, e.g. ${problems[0]![0]} ./out (relative paths are resolved against the working directory)`,
  });
}
