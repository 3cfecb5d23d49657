/** init phase preflight: kubeadm's init checks, with a fix hint per problem and `-o json|yaml` reports. */
import { initChecks } from '../preflight/lists.js';
import { planForInit } from '../preflight/plan.js';
import { runPreflight } from '../preflight/preflight.js';
import type { RunContext } from '../workflow/context.js';

export async function preflight(ctx: RunContext): Promise<void> {
  const plan = planForInit(ctx.config, ctx.paths);
  await runPreflight({ host: ctx.host, log: ctx.log, output: ctx.flags.output, ignore: ctx.flags.ignorePreflightErrors }, plan, initChecks(plan));
}
