/**
 * `minikubeadm completion bash|zsh`: a shell completion script. Both scripts ask minikubeadm itself
 * for the candidates (`minikubeadm --get-yargs-completions <words>`), so commands, phases and flags
 * always match the installed version; zsh gets the descriptions too.
 */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.js';
import type { ParsedArgs } from './options.js';
import { commandOptions } from './registry.js';

const BASH = `# bash completion for minikubeadm
# Load it in this shell:   source <(minikubeadm completion bash)
# Or for every new shell:  minikubeadm completion bash > /etc/bash_completion.d/minikubeadm
_minikubeadm_completions() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  local candidates
  candidates=$(minikubeadm --get-yargs-completions "\${COMP_WORDS[@]:0:$((COMP_CWORD + 1))}" 2>/dev/null)
  COMPREPLY=($(compgen -W "\${candidates}" -- "\${cur}"))
  [ \${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=()
  return 0
}
complete -o bashdefault -o default -F _minikubeadm_completions minikubeadm
`;

const ZSH = `#compdef minikubeadm
# zsh completion for minikubeadm
# Load it in this shell:   source <(minikubeadm completion zsh)
# Or for every new shell:  minikubeadm completion zsh > "\${fpath[1]}/_minikubeadm"
_minikubeadm() {
  local -a candidates
  local IFS=$'\\n'
  candidates=($(ZSH_NAME=zsh minikubeadm --get-yargs-completions "\${words[@]:0:$CURRENT}" 2>/dev/null))
  if (( \${#candidates} > 0 )); then
    _describe 'minikubeadm' candidates
  else
    _default
  fi
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _minikubeadm "$@"
else
  compdef _minikubeadm minikubeadm
fi
`;

export const COMPLETION_SCRIPTS: Readonly<Record<string, string>> = { bash: BASH, zsh: ZSH };

export function completionCommand(y: Argv): Argv {
  return y.command({
    command: 'completion <shell>',
    describe: 'Output shell completion code for the specified shell (bash or zsh)',
    builder: (b: Argv) =>
      b
        .usage('Usage: minikubeadm completion <bash|zsh>\n\nOutput shell completion code for the specified shell (bash or zsh).')
        .example('source <(minikubeadm completion bash)', '')
        .positional('shell', { type: 'string', describe: 'bash or zsh' })
        .options(commandOptions('completion', [])),
    handler: (a: ParsedArgs) => {
      const shell = String(a['shell']);
      const script = COMPLETION_SCRIPTS[shell];
      if (!script) throw new UsageError(`unsupported shell type "${shell}"`, 'use `minikubeadm completion bash` or `minikubeadm completion zsh`');
      process.stdout.write(script);
    },
  });
}
