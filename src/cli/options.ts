/** Shared CLI plumbing: which flags the user actually typed, colour, repeatable values. */
import type { Command } from 'commander';
import type { Io } from './io.js';

/** Only the options given on the command line (or env), keyed by long flag name: defaults stay below. */
export function typedOptions(cmd: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const values = cmd.opts();
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    const source = cmd.getOptionValueSource(key);
    if (source === 'cli' || source === 'env') out[opt.long?.replace(/^--(no-)?/, '') ?? key] = values[key];
  }
  return out;
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Colour on a TTY unless NO_COLOR; FORCE_COLOR turns it on; --no-color wins. */
export function useColor(io: Io, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return Boolean(io.stdout.isTTY);
}

/** The streaming flags `sustained` and `capacity` share (the audio, the connection, the judging). */
export function addStreamingOptions(cmd: Command): Command {
  return addToneOptions(cmd)
    .option('-t, --target <url>', 'http(s) URL of the server (default: start the embedded reference server)')
    .option('--ramp-up <time>', 'time over which sessions start (default 0s)')
    .option('--chunk-ms <ms>', 'chunk length and send period in ms (default 100)')
    .option('--chunk-timeout <time>', 'a chunk with no reply after this is lost (default 2s)')
    .option('--connect-timeout <time>', 'WebSocket handshake timeout (default 5s)')
    .option('--pipeline <file>', 'pipeline_config JSON (default: vad → noise_reduction → voice_enhancement)')
    .option('-H, --header <header>', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", collect)
    .option('-p, --profile <name|path>', 'threshold profile: a name in profiles/ or a JSON file (default: default)')
    .option('--threshold <expr>', "'metric: expression', e.g. 'chunk_rtt_ms: p(95) < 300' (repeatable)", collect)
    .option('--max-lag <time>', 'generator health bound on send lag and event-loop delay p99 (default: chunk-ms / 4); above it the run is invalid (exit 4)')
    .option('--no-reconnect', 'do not reconnect a dropped socket')
    .option('--deflate', 'offer permessage-deflate (off by default)');
}

/** The test tone: every command that generates audio takes these. */
export function addToneOptions(cmd: Command): Command {
  return cmd
    .option('--sample-rate <hz>', 'PCM sample rate (default 16000)')
    .option('--tone-hz <hz>', 'sine frequency (default 440)')
    .option('--level-dbfs <db>', 'sine peak level, 0 = full scale (default 0)');
}
