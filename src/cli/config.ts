/** `minikubeadm config print init-defaults|join-defaults` and `config validate --config FILE`. */
import type { Argv } from 'yargs';
import { MinikubeadmError } from '../errors.js';

export function configCommand(y: Argv): Argv {
  return y.command({
    command: 'config',
    describe: 'Print defaults and validate configuration files',
    builder: (b: Argv) => b.demandCommand(1),
    handler: () => {
      throw new MinikubeadmError('NOT_IMPLEMENTED', 'config commands are not implemented yet');
    },
  });
}
