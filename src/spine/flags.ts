/**
 * The flags commands share, defined once: every command that takes a group takes it with the
 * same name, text and validation. A command's spec lists `...TARGET_FLAGS, ...OUTPUT_FLAGS` etc.
 */
import type { FlagSpec } from './spec.js';
import { AUDIO_FLAG_HELP } from '../audio/options.js';

const f = (name: string, group: FlagSpec['group'], help: string, more: Partial<FlagSpec> = {}): FlagSpec => ({ name, group, help, ...more });

/** Where to connect and what to send with every request. Header values are never printed. */
export const TARGET_FLAGS: readonly FlagSpec[] = [
  f('target', 'target', 'http(s) URL of the server (default: start the embedded reference server)', { short: 't', arg: '<url>' }),
  f('header', 'target', "'Name: value' sent on HTTP and WebSocket (repeatable; values never printed)", { short: 'H', arg: '<header>', repeatable: true }),
  f('header-file', 'target', "file of 'Name: value' lines (e.g. an auth token kept out of argv and profiles)", { arg: '<file>' }),
];

/** Certificate checks for https:// and wss:// targets (verified by default). */
export const TLS_FLAGS: readonly FlagSpec[] = [
  f('ca', 'target', 'PEM file of the CA (or self-signed certificate) to trust for an https:// target', { arg: '<file>' }),
  f('insecure', 'target', "do not verify the https:// target's certificate (every report then says INSECURE)"),
];

/** The WebSocket connection of streaming commands. */
export const CONNECTION_FLAGS: readonly FlagSpec[] = [
  f('connect-timeout', 'target', 'timeout of the WebSocket handshake and of session create, delete and health (default 5s)', { arg: '<time>' }),
  f('deflate', 'target', 'offer permessage-deflate (off by default)'),
];

/** The test tone of every command that generates audio. */
export const TONE_FLAGS: readonly FlagSpec[] = [
  f('sample-rate', 'audio', 'PCM sample rate (default 16000)', { arg: '<hz>' }),
  f('tone-hz', 'audio', 'sine frequency (default 440)', { arg: '<hz>' }),
  f('level-dbfs', 'audio', 'peak level of the sine or --signal, 0 = full scale (default -20: a full-scale tone clips in any stage that adds gain)', { arg: '<db>' }),
];

/** What is streamed and which sessions' returned audio is checked (src/audio/options.ts resolves them). */
export const AUDIO_FLAGS: readonly FlagSpec[] = [
  f('audio', 'audio', AUDIO_FLAG_HELP.audio, { arg: '<file.wav>' }),
  f('signal', 'audio', AUDIO_FLAG_HELP.signal, { arg: '<name>' }),
  f('audio-offset', 'audio', AUDIO_FLAG_HELP['audio-offset'], { arg: '<mode>' }),
  f('audio-check-sessions', 'audio', AUDIO_FLAG_HELP['audio-check-sessions'], { arg: '<n|all>' }),
  f('save-audio', 'audio', AUDIO_FLAG_HELP['save-audio'], { arg: '<dir>' }),
];

export const PIPELINE_FLAG = f('pipeline', 'load', 'pipeline_config JSON (default: vad → noise_reduction → voice_enhancement)', { arg: '<file>' });

/** --profile and --threshold; `fallback` names the default profile in the help text. */
export function judgeFlags(fallback: string, example = "'chunk_rtt_ms: p(95) < 300'"): FlagSpec[] {
  return [
    f('profile', 'judge', `threshold profile: a name in profiles/ or a JSON file (default: ${fallback})`, { short: 'p', arg: '<name|path>' }),
    f('threshold', 'judge', `'metric: expression', e.g. ${example} (repeatable)`, { arg: '<expr>', repeatable: true }),
  ];
}

export const MAX_LAG_FLAG = f('max-lag', 'judge', 'generator health bound on send lag and event-loop delay p99 (default: chunk-ms / 4); above it the run is invalid (exit 4)', { arg: '<time>' });

/** The streaming flags `sustained` and `capacity` share. */
export const STREAMING_FLAGS: readonly FlagSpec[] = [
  ...TARGET_FLAGS,
  ...TLS_FLAGS,
  ...CONNECTION_FLAGS,
  f('no-reconnect', 'target', 'do not reconnect a dropped socket'),
  f('ramp-up', 'load', 'time over which sessions start (default 0s)', { arg: '<time>' }),
  f('chunk-ms', 'load', 'chunk length and send period in ms (default 100)', { arg: '<ms>' }),
  f('chunk-timeout', 'load', 'a chunk with no reply after this is lost (default 2s)', { arg: '<time>' }),
  PIPELINE_FLAG,
  ...TONE_FLAGS,
  ...AUDIO_FLAGS,
  ...judgeFlags('default'),
  MAX_LAG_FLAG,
];

/** The result and report files every judged command writes, checked before anything starts. */
export const OUTPUT_FLAGS: readonly FlagSpec[] = [
  f('json', 'output', "write the result JSON to a file ('-' = stdout)", { arg: '<file>' }),
  f('tag', 'output', 'a key=value label carried into every output (result, reports, live metrics); repeatable', { arg: '<key=value>', repeatable: true }),
  f('junit', 'output', 'write JUnit XML: one test case per threshold (and per check)', { arg: '<file>' }),
  f('html', 'output', 'write a self-contained HTML report with charts', { arg: '<file>' }),
  f('summary-md', 'output', 'write a short Markdown summary (e.g. to $GITHUB_STEP_SUMMARY)', { arg: '<file>' }),
  f('timeline', 'output', 'write the timeline as JSON Lines: one record per interval', { arg: '<file>' }),
  f('interval', 'output', 'timeline interval, a whole number of seconds (default 1s)', { arg: '<time>' }),
  f('quiet', 'output', 'no progress and no table (the exit code and --json still report)', { short: 'q' }),
  f('no-color', 'output', 'no colour in the table'),
];

/** PIPEBENCH_RAMP_UP for `ramp-up`. */
export function envName(flag: string): string {
  return `PIPEBENCH_${flag.replace(/-/g, '_').toUpperCase()}`;
}
