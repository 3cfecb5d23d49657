/**
 * init phase kubelet-start: write kubeadm-flags.env, instance-config.yaml (NodeLocalCRISocket) and
 * config.yaml, then (re)start the kubelet
 * through its service manager (systemd, or the supervisor MINIKUBEADM_KUBELET_SERVICE names). The
 * kubelet is restarted only when a file changed or it is not running, so a second init leaves a
 * healthy kubelet alone. Without a service manager nothing is started and the operator is told what
 * to run.
 */
import { KUBELET_DIR_MODE, KUBELET_FILE_MODE, kubeletConfigPath, kubeletConfigurationYaml, kubeletEnvPath, manualKubeletCommand } from '../kubelet/files.js';
import { kubeletEnvFile, normalizeHostname } from '../kubelet/flags.js';
import { instanceConfigPath, instanceConfigYaml, usesNodeLocalCRISocket, withInstanceConfig } from '../kubelet/instance-config.js';
import type { RunContext } from '../workflow/context.js';

export interface KubeletStartOptions {
  /** A joining worker registers with its taints (kubeadm-flags.env --register-with-taints). */
  registerWithTaints?: boolean;
}

export async function kubeletStart(ctx: RunContext, options: KubeletStartOptions = {}): Promise<void> {
  const { log } = ctx;
  const built = await ctx.kubeletConfiguration();
  for (const w of built.warnings) log.warn(w);
  const envPath = kubeletEnvPath(ctx.paths);
  const cfgPath = kubeletConfigPath(ctx.paths);
  const flagsInput = { nodeRegistration: ctx.config.init.nodeRegistration, cluster: ctx.config.cluster, registerWithTaints: options.registerWithTaints };
  const envText = kubeletEnvFile(flagsInput, normalizeHostname(ctx.host.hostname()));
  const criSocket = ctx.config.init.nodeRegistration.criSocket;
  const instance = usesNodeLocalCRISocket(ctx.config.cluster) && criSocket ? { path: instanceConfigPath(ctx.paths), text: instanceConfigYaml(criSocket) } : undefined;
  const cfgText = kubeletConfigurationYaml(instance ? withInstanceConfig(built.document, criSocket) : built.document);
  const changed =
    (await ctx.fs.readText(envPath)) !== envText || (await ctx.fs.readText(cfgPath)) !== cfgText || (instance !== undefined && (await ctx.fs.readText(instance.path)) !== instance.text);
  const service = ctx.kubeletService;
  const state = ctx.dryRun ? undefined : await service.state();

  // Like kubeadm: stop a running kubelet before changing its files, so it never reads half of them.
  if (changed && state === 'active') {
    log.debug(1, 'Stopping the kubelet');
    const err = await service.control('stop');
    if (err) log.warn(`unable to stop the kubelet service: ${err}`);
  }
  log.info(`Writing kubelet environment file with flags to file "${envPath}"`);
  await ctx.fs.write(envPath, envText, { mode: KUBELET_FILE_MODE, dirMode: KUBELET_DIR_MODE });
  if (instance) {
    log.info(`Writing instance configuration with the CRI endpoint to file "${instance.path}"`);
    await ctx.fs.write(instance.path, instance.text, { mode: KUBELET_FILE_MODE, dirMode: KUBELET_DIR_MODE });
  }
  log.info(`Writing kubelet configuration to file "${cfgPath}"`);
  await ctx.fs.write(cfgPath, cfgText, { mode: KUBELET_FILE_MODE, dirMode: KUBELET_DIR_MODE });

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
    log.info(`Start the kubelet yourself, e.g.: ${manualKubeletCommand(ctx.paths)}`);
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
