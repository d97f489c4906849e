/**
 * `pipebench completion bash|zsh|fish`: a completion script with every command and its flags
 * baked in (generated from the same command definitions --help uses, so they cannot drift).
 * Pure: a command tree in, the script text out. Files complete wherever a value is expected.
 */

export interface CompletionFlag {
  /** `--sessions` */
  long: string;
  /** `-s`, if any */
  short?: string;
  /** Takes a value (`--sessions <n>`). */
  takesValue: boolean;
  help: string;
}

export interface CompletionCommand {
  name: string;
  help: string;
  flags: CompletionFlag[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Text inside single quotes in sh/zsh/fish: ' becomes '\''. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function bash(cmds: CompletionCommand[]): string {
  const names = (flags: CompletionFlag[]) => flags.flatMap((f) => [f.long, ...(f.short ? [f.short] : [])]).join(' ');
  const cases = cmds.map((c) => `    ${c.name}) opts=${sq(names(c.flags))}; vals=${sq(names(c.flags.filter((f) => f.takesValue)))} ;;`).join('\n');
  return `# pipebench completion for bash: source <(pipebench completion bash), or save it to
# ~/.local/share/bash-completion/completions/pipebench
_pipebench() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="\${COMP_WORDS[1]}" opts='' vals=''
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${sq(`${cmds.map((c) => c.name).join(' ')} --help --version`)} -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
  esac
  # After a flag that takes a value, offer files (paths are the common value); else flags or files.
  if [[ " $vals " == *" $prev "* ]]; then COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts --help" -- "$cur"))
  else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F _pipebench pipebench
`;
}

/** zsh _arguments spec text: brackets and colons in help would end the description early. */
const zshHelp = (s: string) => oneLine(s).replace(/[[\]:\\]/g, (c) => `\\${c}`);

function zsh(cmds: CompletionCommand[]): string {
  const list = cmds.map((c) => `    ${sq(`${c.name}:${oneLine(c.help).replace(/:/g, '\\:')}`)}`).join('\n');
  const cases = cmds.map((c) => {
    const specs = c.flags.map((f) => {
      const rest = `[${zshHelp(f.help)}]${f.takesValue ? ':value:_files' : ''}`;
      return f.short ? `${sq(`(${f.short} ${f.long})`)}{${f.short},${f.long}}${sq(rest)}` : sq(`${f.long}${rest}`);
    });
    return `    ${c.name}) _arguments -S ${[...specs, sq('*:file:_files')].join(' \\\n        ')} ;;`;
  }).join('\n');
  return `#compdef pipebench
# pipebench completion for zsh: save as _pipebench in a directory on $fpath (then compinit),
# or source <(pipebench completion zsh) after compinit.
_pipebench() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=$words[2]
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases}
    *) _files ;;
  esac
}
if [ "$funcstack[1]" = "_pipebench" ]; then _pipebench "$@"; else compdef _pipebench pipebench; fi
`;
}

function fish(cmds: CompletionCommand[]): string {
  const lines = [
    '# pipebench completion for fish: pipebench completion fish > ~/.config/fish/completions/pipebench.fish',
    'complete -c pipebench -f',
    ...cmds.map((c) => `complete -c pipebench -n __fish_use_subcommand -a ${c.name} -d ${sq(oneLine(c.help))}`),
    ...cmds.flatMap((c) => c.flags.map((f) =>
      `complete -c pipebench -n ${sq(`__fish_seen_subcommand_from ${c.name}`)} -l ${f.long.replace(/^--/, '')}` +
      `${f.short ? ` -s ${f.short.replace(/^-/, '')}` : ''}${f.takesValue ? ' -r -F' : ''} -d ${sq(oneLine(f.help))}`)),
  ];
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`. */
export function renderCompletion(shell: Shell, cmds: CompletionCommand[]): string {
  const sorted = [...cmds].sort((a, b) => a.name.localeCompare(b.name));
  return shell === 'bash' ? bash(sorted) : shell === 'zsh' ? zsh(sorted) : fish(sorted);
}
