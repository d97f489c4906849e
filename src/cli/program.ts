/**
 * Commander, entered here only: a command's options and help are built from its flag specs
 * (grouped, with examples and exit codes), and the values the user gave come back keyed by long
 * flag name, with PIPEBENCH_* environment variables filling the flags not given
 * (flag > environment > profile > default).
 */
import { Command, CommanderError, Option } from 'commander';
import type { Io } from './io.js';
import { FLAG_GROUPS, type CommandSpec, type FlagSpec, type RawFlags } from '../spine/spec.js';
import { envName } from '../spine/flags.js';
import { exitCodeHelp } from '../spine/help.js';

export { Command, CommanderError };

/** What `describe` needs of a command: the parts of a spec that --help shows. */
export type CommandShape = Pick<CommandSpec, 'name' | 'summary' | 'args' | 'flags' | 'examples' | 'exitCodes'>;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function option(f: FlagSpec): Option {
  const o = new Option(`${f.short ? `-${f.short}, ` : ''}--${f.name}${f.arg ? ` ${f.arg}` : ''}`, f.help);
  if (f.repeatable) o.argParser(collect);
  if (f.hidden) o.hideHelp();
  return o.helpGroup(FLAG_GROUPS[f.group]);
}

/** The root program, writing to io, never exiting. */
export function rootProgram(io: Io, version: string): Command {
  return new Command('pipebench')
    .description('Load and latency benchmarking for real-time audio pipeline servers')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');
}

/** A subcommand with the spec's arguments, grouped options, and examples and exit codes after the help. */
export function describe(program: Command, shape: CommandShape): Command {
  const cmd = program.command(shape.name).description(shape.summary);
  for (const a of shape.args ?? []) cmd.argument(a.name, a.help);
  // Stray words are reported by main(), naming them (commander only counts them).
  cmd.allowExcessArguments(true);
  // Options grouped in FLAG_GROUPS order, each group in the order the spec lists them.
  const groups = Object.keys(FLAG_GROUPS);
  const sorted = [...shape.flags].sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  for (const f of sorted) cmd.addOption(option(f));
  const examples = shape.examples.length ? `\nExamples:\n${shape.examples.map((e) => `  $ ${e}`).join('\n')}\n` : '';
  const env = '\nEvery option can also be set as PIPEBENCH_<OPTION> (e.g. PIPEBENCH_TARGET, PIPEBENCH_RAMP_UP);\n' +
    'the command line wins over the environment, the environment over the profile.\n';
  cmd.addHelpText('after', `${examples}${env}\n${exitCodeHelp(shape.exitCodes)}`);
  return cmd;
}

/** A switch's value from the environment: 1/true/yes or 0/false/no. */
function envSwitch(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(t)) return false;
  return undefined;
}

/**
 * The flags given, keyed by long name (`--no-reconnect` → `reconnect: false`), then those from the
 * environment. `fromEnv` maps each flag taken from the environment to its variable, for messages.
 */
export function givenFlags(cmd: Command, flags: readonly FlagSpec[], env: Io['env']): { flags: RawFlags; fromEnv: Map<string, string>; problems: string[] } {
  const out: RawFlags = {};
  const fromEnv = new Map<string, string>();
  const problems: string[] = [];
  const values = cmd.opts();
  for (const f of flags) {
    const negated = f.name.startsWith('no-');
    const key = negated ? f.name.slice(3) : f.name;
    const attr = cmd.options.find((o) => o.long === `--${f.name}`)?.attributeName() ?? key;
    if (cmd.getOptionValueSource(attr) === 'cli') {
      out[key] = values[attr];
      continue;
    }
    const variable = envName(f.name);
    const text = env[variable];
    if (text === undefined || key in out) continue;
    if (f.arg === undefined) {
      const on = envSwitch(text);
      if (on === undefined) problems.push(`${variable}: "${text}" is not a switch value; use 1 or 0 (true/false)`);
      else if (on) out[key] = !negated;
      else continue;
    } else if (f.repeatable) out[key] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    else out[key] = text;
    fromEnv.set(key, variable);
  }
  return { flags: out, fromEnv, problems };
}

/** Problems about a flag that came from the environment name the variable too. */
export function nameEnvSources(problems: readonly string[], fromEnv: ReadonlyMap<string, string>): string[] {
  return problems.map((p) => {
    for (const [key, variable] of fromEnv) {
      if (p.startsWith(`--${key}`)) return `${variable} (--${key})${p.slice(key.length + 2)}`;
    }
    return p;
  });
}
