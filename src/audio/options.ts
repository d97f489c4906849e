/**
 * Resolving the audio flags (`--audio`, `--signal`, `--audio-offset`, `--audio-check-sessions`,
 * `--save-audio`) into plain data, with every problem named, before anything connects.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CHECK_SESSIONS } from './run-check.js';
import { OFFSET_MODES, wavProblem, type OffsetMode } from './source.js';
import { SIGNALS, type SignalName } from './signals.js';

export interface AudioOptions {
  /** Absolute path of the WAV file to stream, or null for the probe signal. */
  readonly file: string | null;
  readonly signal: SignalName;
  readonly offset: OffsetMode;
  /** How many sessions have their returned audio checked. */
  readonly checkSessions: number | 'all';
  /** Directory for the sent and returned WAV files of the checked sessions, or null. */
  readonly saveAudioDir: string | null;
}

/** The one-line help of each audio flag, for whichever CLI layer registers them. */
export const AUDIO_FLAG_HELP = {
  audio: 'stream this WAV file (PCM or float, any rate and channels; mixed to mono, resampled, looped) instead of --signal',
  signal: `probe signal: ${SIGNALS.join('|')} (default sine, at --tone-hz)`,
  'audio-offset': `where each session starts in the audio loop: ${OFFSET_MODES.join('|')} (default spread)`,
  'audio-check-sessions': `sessions whose returned audio is checked (delay, dropouts, clipping, level): a number or all (default ${DEFAULT_CHECK_SESSIONS})`,
  'save-audio': 'write the sent and returned audio of the checked sessions (first 10 minutes) as WAV files into this directory',
} as const;

export interface AudioContext {
  cwd: string;
  sampleRate: number;
  chunkMs: number;
  /** Reads a file (injectable for tests); defaults to readFileSync. */
  read?: (path: string) => Uint8Array;
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], fallback: T, add: (p: string) => void): T {
  if (v === undefined || v === null) return fallback;
  if ((allowed as readonly string[]).includes(String(v))) return String(v) as T;
  add(`--${name}: "${String(v)}" is not one of ${allowed.join(', ')}`);
  return fallback;
}

function checkCount(v: unknown, add: (p: string) => void): number | 'all' {
  if (v === undefined || v === null) return DEFAULT_CHECK_SESSIONS;
  if (v === 'all') return 'all';
  const n = typeof v === 'number' ? v : Number(String(v).trim() || NaN);
  if (Number.isInteger(n) && n >= 0) return n;
  add(`--audio-check-sessions: "${String(v)}" is not a whole number of sessions (0 = none) or "all"`);
  return DEFAULT_CHECK_SESSIONS;
}

function audioFile(v: unknown, ctx: AudioContext, add: (p: string) => void): string | null {
  if (v === undefined || v === null || v === '') return null;
  const path = resolve(ctx.cwd, String(v));
  let bytes: Uint8Array;
  try {
    bytes = (ctx.read ?? readFileSync)(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    add(code === 'ENOENT' ? `--audio: ${path} does not exist` : `--audio: cannot read ${path}: ${(err as Error).message}`);
    return path;
  }
  const problem = wavProblem(String(v), bytes, ctx.sampleRate, ctx.chunkMs);
  if (problem) add(problem);
  return path;
}

/** Resolves the audio flags; `get(name)` gives a flag's value (flags > profile), undefined when unset. */
export function resolveAudioOptions(get: (name: string) => unknown, ctx: AudioContext, add: (p: string) => void): AudioOptions {
  const file = audioFile(get('audio'), ctx, add);
  const signal = oneOf('signal', get('signal'), SIGNALS, 'sine', add);
  if (file && get('signal') !== undefined) add('--audio and --signal: choose one (the file replaces the probe signal)');
  const save = get('save-audio');
  const saveAudioDir = save === undefined || save === null || save === '' ? null : resolve(ctx.cwd, String(save));
  if (saveAudioDir && statSync(saveAudioDir, { throwIfNoEntry: false })?.isDirectory() === false) {
    add(`--save-audio: ${saveAudioDir} is a file; give a directory (it is created if missing)`);
  }
  return {
    file, signal,
    offset: oneOf('audio-offset', get('audio-offset'), OFFSET_MODES, 'spread', add),
    checkSessions: checkCount(get('audio-check-sessions'), add),
    saveAudioDir,
  };
}
