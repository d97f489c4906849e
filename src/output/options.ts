/**
 * `--out prometheus=URL`, `--out chunks=FILE` and `--tag key=value`: parsed and checked before
 * the run (every problem at once), then turned into the extra load-event consumers of one run.
 * Nothing here is on the hot path of a run that asks for none of them.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FlagSpec } from '../spine/spec.js';
import { ChunkLog } from './chunks.js';
import { PrometheusPush } from './prometheus.js';
import { LABEL_NAME } from './remote-write.js';
import { VerboseLog } from './verbose.js';
import type { LoadSink } from '../load/sink.js';

export const OUT_FLAG: FlagSpec = {
  name: 'out', arg: '<kind=dest>', group: 'output', repeatable: true,
  help: 'stream during the run: prometheus=URL (remote write, every 5s and at the end), chunks=FILE (one record per chunk; .csv or JSON Lines)',
};
export const VERBOSE_FLAG: FlagSpec = {
  name: 'verbose', group: 'output', help: 'print what happens to sessions (created, sockets, reconnects, failed and lost chunks) on stderr, one line each',
};

export interface LiveOptions {
  prometheus: string[];
  chunks: string[];
  verbose: boolean;
}

/** Labels pipebench sets itself; a --tag may not take their names. */
const RESERVED = new Set(['__name__', 'job', 'run_id', 'command', 'target', 'le', 'quantile', 'kind']);
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

function pathProblem(flag: string, path: string, cwd: string): string | null {
  const dir = dirname(resolve(cwd, path));
  try {
    if (statSync(dir).isDirectory()) return null;
  } catch {
    // missing: said below
  }
  return `${flag}: the directory ${dir} does not exist; create it first`;
}

/** The --tag labels (key → value), or every problem with them. */
export function resolveTags(flags: Record<string, unknown>): { tags: Record<string, string>; problems: string[] } {
  const tags: Record<string, string> = {};
  const problems: string[] = [];
  for (const tag of list(flags.tag)) {
    const at = tag.indexOf('=');
    const [k, v] = at < 0 ? [tag, ''] : [tag.slice(0, at), tag.slice(at + 1)];
    if (at < 0 || !LABEL_NAME.test(k) || k.startsWith('__')) problems.push(`--tag ${tag}: expected key=value with a key of letters, digits and _ (not starting with a digit), e.g. --tag branch=main`);
    else if (RESERVED.has(k)) problems.push(`--tag ${tag}: "${k}" is set by pipebench itself; choose another key`);
    else tags[k] = v;
  }
  return { tags, problems };
}

/** A result with its --tag labels (unchanged when there are none). */
export function withTags<R extends object>(r: R, tags: Readonly<Record<string, string>>): R {
  return Object.keys(tags).length ? { ...r, tags: { ...tags } } : r;
}

/** The --out and --verbose values, or every problem with them. */
export function resolveLive(flags: Record<string, unknown>, cwd: string): { live: LiveOptions; problems: string[] } {
  const live: LiveOptions = { prometheus: [], chunks: [], verbose: flags.verbose === true };
  const problems: string[] = [];
  for (const out of list(flags.out)) {
    const [kind, ...rest] = out.split('=');
    const dest = rest.join('=');
    const flag = `--out ${out}`;
    if (kind === 'prometheus') {
      let url: URL | null = null;
      try {
        url = new URL(dest);
      } catch {
        url = null;
      }
      if (!url || !/^https?:$/.test(url.protocol)) problems.push(`${flag}: expected an http(s) remote-write URL, e.g. prometheus=http://127.0.0.1:9090/api/v1/write`);
      else live.prometheus.push(url.href);
    } else if (kind === 'chunks') {
      const problem = dest ? pathProblem(flag, dest, cwd) : `${flag}: expected a file, e.g. chunks=chunks.jsonl or chunks=chunks.csv`;
      if (problem) problems.push(problem);
      else live.chunks.push(resolve(cwd, dest));
    } else {
      problems.push(`${flag}: unknown output "${kind}"; choose prometheus=URL or chunks=FILE`);
    }
  }
  return { live, problems };
}

/** What a run gets: the sinks to add, and what to do when it ends. */
export interface LiveRun {
  /** Extra consumers of the load events (LoadSink); empty when no --out and no --verbose was given. */
  sinks: LoadSink[];
  /** Flush and close everything; the warnings for the result. */
  finish(): Promise<string[]>;
}

export interface LiveContext {
  runId: string;
  command: string;
  target: string;
  /** A line for the user, now (stderr, unless --quiet): a failed push, --verbose's events. */
  note: (text: string) => void;
  /** The --tag labels, on every Prometheus series. */
  tags: Readonly<Record<string, string>>;
  /** Push interval for Prometheus (default 5 s). */
  intervalMs?: number;
}

/** Open the outputs of one run (files created, push timers started). */
export function startLive(o: LiveOptions, ctx: LiveContext): LiveRun {
  const labels = { ...ctx.tags, job: 'pipebench', run_id: ctx.runId, command: ctx.command, target: ctx.target };
  const pushes = o.prometheus.map((url) => new PrometheusPush({ url, labels, intervalMs: ctx.intervalMs ?? 5000, warn: ctx.note }));
  const logs = o.chunks.map((path) => new ChunkLog(path));
  for (const p of pushes) p.start();
  return {
    sinks: [...pushes.map((p) => p.metrics), ...logs, ...(o.verbose ? [new VerboseLog(ctx.note)] : [])],
    finish: async () => (await Promise.all([...pushes, ...logs].map((x) => x.finish()))).flat(),
  };
}
