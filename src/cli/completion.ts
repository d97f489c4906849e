/** `pipebench completion bash|zsh|fish`: prints the script (./completion-script.ts) for every command of the catalogue. */
import { EXIT, type Io } from './io.js';
import { CATALOGUE, type PlainCommand } from './main.js';
import { renderCompletion, SHELLS, type CompletionCommand, type Shell } from './completion-script.js';

/** Every command's flags, from the same definitions --help is built from. */
export async function completionTree(): Promise<CompletionCommand[]> {
  return Promise.all(Object.entries(CATALOGUE).map(async ([name, entry]) => {
    const shape = await entry.load();
    return {
      name,
      help: shape.summary,
      flags: shape.flags.filter((f) => !f.hidden).map((f) => ({
        long: `--${f.name}`, short: f.short ? `-${f.short}` : undefined, takesValue: f.arg !== undefined, help: f.help,
      })),
    };
  }));
}

export const completionCommand: PlainCommand = {
  name: 'completion',
  summary: 'print a shell completion script: pipebench completion bash|zsh|fish',
  args: [{ name: '<shell>', help: `one of ${SHELLS.join(', ')}` }],
  flags: [],
  examples: [
    'source <(pipebench completion bash)',
    'pipebench completion zsh > "${fpath[1]}/_pipebench"',
    'pipebench completion fish > ~/.config/fish/completions/pipebench.fish',
  ],
  exitCodes: { 0: 'the script was printed', 2: 'not a shell this supports' },
  async action(args: string[], _flags, io: Io): Promise<number> {
    const shell = args[0];
    if (!(SHELLS as readonly string[]).includes(shell)) {
      io.stderr.write(`pipebench completion: "${shell}" is not a shell this supports; choose ${SHELLS.join(', ')}\n`);
      return EXIT.usage;
    }
    io.stdout.write(renderCompletion(shell as Shell, await completionTree()));
    return EXIT.pass;
  },
};
