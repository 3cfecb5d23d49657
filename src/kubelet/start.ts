/**
 * kubelet-start: write kubeadm-flags.env and config.yaml, then (re)start the kubelet through systemd.
 * The kubelet is restarted only when a file changed or it is not running, so a second init leaves a
 * healthy kubelet alone. Without systemd nothing is started and the operator is told what to run.
 */
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { RunContext } from '../workflow/context.js';
import { buildKubeletConfiguration, kubeletConfigPath, kubeletConfigurationYaml, type KubeletConfigResult } from './config.js';
import { kubeletEnvFile, kubeletEnvPath, localHostname } from './flags.js';
import { hostOf } from '../host/system.js';
import { kubeletServiceFor } from './service.js';
import { systemdResolvedActive } from './systemd.js';

const FILE_MODE = 0o644;
const KUBELET_DIR_MODE = 0o700;

/** The run's KubeletConfiguration (the same object for the file and the kubelet-config ConfigMap). */
export function runKubeletConfiguration(ctx: RunContext): Promise<KubeletConfigResult> {
  return ctx.memo('kubelet:configuration', async () =>
    buildKubeletConfiguration({ config: ctx.config, paths: ctx.paths, systemdResolved: !ctx.dryRun && (await systemdResolvedActive(hostOf(ctx))) }),
  );
}

/** The command line the operator runs when no service manager starts the kubelet. */
export function manualKubeletCommand(ctx: RunContext): string {
  const kubeconfig = join(ctx.paths.kubeconfigDir, 'kubelet.conf');
  const bootstrap = join(ctx.paths.kubeconfigDir, 'bootstrap-kubelet.conf');
  return `. ${kubeletEnvPath(ctx.paths)} && kubelet --bootstrap-kubeconfig=${bootstrap} --kubeconfig=${kubeconfig} --config=${kubeletConfigPath(ctx.paths)} $KUBELET_KUBEADM_ARGS`;
}

export async function kubeletStart(ctx: RunContext, log: Logger): Promise<void> {
  const built = await runKubeletConfiguration(ctx);
  for (const w of built.warnings) log.warn(w);
  const envPath = kubeletEnvPath(ctx.paths);
  const cfgPath = kubeletConfigPath(ctx.paths);
  const envText = kubeletEnvFile(ctx.config, localHostname());
  const cfgText = kubeletConfigurationYaml(built.document);
  const changed = (await ctx.fs.readText(envPath)) !== envText || (await ctx.fs.readText(cfgPath)) !== cfgText;
  const service = kubeletServiceFor(hostOf(ctx));
  const state = ctx.dryRun ? undefined : await service.state();

  // Like kubeadm: stop a running kubelet before changing its files, so it never reads half of them.
  if (changed && state === 'active') {
    log.debug(1, 'Stopping the kubelet');
    const err = await service.control('stop');
    if (err) log.warn(`unable to stop the kubelet service: ${err}`);
  }
  log.info(`Writing kubelet environment file with flags to file "${envPath}"`);
  await ctx.fs.write(envPath, envText, { mode: FILE_MODE, dirMode: KUBELET_DIR_MODE });
  log.info(`Writing kubelet configuration to file "${cfgPath}"`);
  await ctx.fs.write(cfgPath, cfgText, { mode: FILE_MODE, dirMode: KUBELET_DIR_MODE });

  if (state === undefined) {
    log.info('Would start the kubelet');
    return;
  }
  if (state === 'no-systemd' || state === 'no-unit') {
    log.warn(
      state === 'no-systemd'
        ? "No supported init system detected, won't make sure the kubelet is running properly."
        : "Couldn't detect a kubelet service, can't make sure the kubelet is running properly.",
    );
    log.info(`Start the kubelet yourself, e.g.: ${manualKubeletCommand(ctx)}`);
    return;
  }
  if (state === 'active' && !changed) {
    log.info('The kubelet is running and its configuration is unchanged: not restarting it');
    return;
  }
  log.info('Starting the kubelet');
  const err = await service.control('restart');
  if (err) {
    log.warn(`unable to start the kubelet service: [${err}]`);
    log.info('Please ensure kubelet is reloaded and running manually.');
  }
}
