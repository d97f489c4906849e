/**
 * A command as data: its flags, its default profile, and the stages the one runner
 * (./runner.ts) calls in order: resolve → (outputs validated) → target → run → judge → render.
 * `resolve`, `judge` and `render` are pure; `run` does the I/O and never throws for anything the
 * target does. The CLI builds its options and help from `flags`; the API passes the same flags.
 */
import type { Profile } from '../profile.js';
import type { Result, ResultDocument } from '../report/result.js';
import type { Verdict } from '../evaluate/exit-codes.js';

/** Option groups, in the order --help shows them. */
export const FLAG_GROUPS = {
  command: 'Command options:',
  target: 'Target and connection:',
  load: 'Load:',
  audio: 'Audio:',
  judge: 'Thresholds and judging:',
  output: 'Output:',
  faults: 'Injected faults (serve):',
} as const;
export type FlagGroup = keyof typeof FLAG_GROUPS;

/** One flag. Its environment variable is PIPEBENCH_<NAME> (`--ramp-up` → PIPEBENCH_RAMP_UP). */
export interface FlagSpec {
  /** Long name without dashes: `sessions`, `no-reconnect`. */
  readonly name: string;
  readonly short?: string;
  /** Value placeholder such as `<n>`; absent for a switch. */
  readonly arg?: string;
  readonly help: string;
  readonly group: FlagGroup;
  /** May be given more than once (values collect into an array; from the environment, one per line). */
  readonly repeatable?: boolean;
  readonly hidden?: boolean;
}

/** Raw flag values keyed by long name (`ramp-up`), as typed or as the API passes them. */
export type RawFlags = Record<string, unknown>;

/** Where the run goes: an http(s) URL, and whether pipebench started it for this run. */
export interface TargetInfo {
  url: string;
  embedded: boolean;
}

/** What `resolve` sees besides the flags. */
export interface ResolveContext {
  cwd: string;
  /** The --profile (or the command's default profile), loaded and validated; null if none. */
  profile: Profile | null;
  /** Positional arguments (result files for `merge` and `report`). */
  args: readonly string[];
  /** The process environment as the CLI sees it (`--shard auto/N` reads JOB_COMPLETION_INDEX); {} from the API. */
  env: Readonly<Record<string, string | undefined>>;
}

/** A resolved plan (frozen), or every problem with the input at once. */
export interface Resolved<Plan> {
  plan?: Plan;
  problems: string[];
}

/** What `run` gets from the runner. */
export interface RunHooks {
  signal: AbortSignal;
  /** A one-line progress text (elapsed, sessions, rate, p99, errors); shown when and how the caller chooses. */
  progress(text: string): void;
  /** A milestone worth a line of its own (a capacity level starting), shown unless --quiet. */
  note(text: string): void;
}

/** Any command's result document: the one envelope, whatever was measured. */
export type AnyResult = ResultDocument;

/**
 * What the runner needs of a command's judged document: the verdict, the exit code it carries
 * and its warnings (a report file that could not be written changes both). Every result
 * document is one; so is `compare`'s comparison, which judges two results instead of a run.
 */
export interface Judged {
  verdict: Verdict;
  exit_code: number;
  warnings: string[];
}

/** The report files a command writes, by flag (`--junit FILE`), each rendered from the judged document. */
export type FileRenderers<R> = Readonly<Record<string, (r: R, intervalS: number) => string>>;

export interface CommandSpec<Plan = unknown, Outcome = unknown, R extends Judged = Result> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments, as commander writes them (`<results...>`). */
  readonly args?: readonly { name: string; help: string }[];
  readonly flags: readonly FlagSpec[];
  /** Worked examples for --help. */
  readonly examples: readonly string[];
  /** Exit codes this command returns, for --help (code → meaning). */
  readonly exitCodes: Readonly<Record<number, string>>;
  /** Profile loaded when --profile is absent; null: the command takes no --profile. */
  readonly defaultProfile: string | null;
  resolve(flags: RawFlags, ctx: ResolveContext): Resolved<Plan>;
  /** A text that answers the flags without running (`check --list`), or null to run. */
  listing?(flags: RawFlags): string | null;
  /** The plan's target URL; null = the embedded reference server; false = no target (file commands). */
  target(plan: Plan): string | null | false;
  run(plan: Plan, target: TargetInfo | null, hooks: RunHooks): Promise<Outcome>;
  /** The judged result document. Pure. */
  judge(plan: Plan, target: TargetInfo | null, outcome: Outcome): R;
  /** The human report. Pure; colour is an argument. */
  render(result: R, opts: { color: boolean }): string;
  /**
   * The exit code when it is not the result's own (`report` re-renders a saved result and exits
   * 0 unless --gate). Such a command does not rewrite the result's exit_code.
   */
  exitCode?(plan: Plan, result: R): number;
  /**
   * The report files its flags write (checked before anything starts, written after the judge):
   * REPORT_FILES (spine/outputs.ts) for a result document; `--json -` writes `json`'s to stdout.
   */
  readonly files: FileRenderers<R>;
  /** Other names of flags: `{ out: 'json' }` makes `--out` write what `--json` writes. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Any command's spec, whatever its plan and outcome (the catalogue holds them side by side). */
export type SomeSpec = CommandSpec<any, any, any>;
