/**
 * The audio side of a run, set up once before it starts: the looped chunks, each session's
 * starting chunk, and the checker of the sessions whose returned audio is checked. After the
 * run: the result's `audio` section and, with --save-audio, the WAV files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { encodeWav } from '../dsp/wav.js';
import type { AudioOptions } from './options.js';
import { AudioCheck, checkedSessions, type SessionRecording } from './run-check.js';
import { buildAudioSource, sessionOffsets, type AudioSource } from './source.js';

export interface AudioRunSpec {
  audio: AudioOptions;
  sessions: number;
  sampleRate: number;
  chunkMs: number;
  levelDbfs: number;
  toneHz: number;
}

export interface PreparedAudio {
  source: AudioSource;
  offsets: number[];
  /** Null when no session is checked (--audio-check-sessions 0). */
  check: AudioCheck | null;
}

/**
 * Builds the source (reading the --audio file), the offsets and the checker. `owned`: the global
 * session indexes this process streams (a worker's or shard's slice; default all). Throws AudioInputError.
 */
export function prepareAudio(s: AudioRunSpec, owned?: readonly number[], read: (path: string) => Uint8Array = readFileSync): PreparedAudio {
  const file = s.audio.file ? { name: basename(s.audio.file), bytes: read(s.audio.file) } : undefined;
  const source = buildAudioSource({ sampleRate: s.sampleRate, chunkMs: s.chunkMs, levelDbfs: s.levelDbfs, toneHz: s.toneHz, signal: s.audio.signal, file });
  const offsets = sessionOffsets(s.audio.offset, s.sessions, source.chunks.length);
  const sessions = checkedSessions(s.audio.checkSessions, s.sessions, owned);
  const check = sessions.length ? new AudioCheck({ source, offsets, sessions, save: s.audio.saveAudioDir !== null }) : null;
  return { source, offsets, check };
}

/** Writes `session-<i>-sent.wav` and `session-<i>-returned.wav` per recording; returns the paths. */
export function saveRecordings(dir: string, recordings: readonly SessionRecording[]): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const r of recordings) {
    for (const [kind, pcm] of [['sent', r.sent], ['returned', r.returned]] as const) {
      const path = join(dir, `session-${r.index}-${kind}.wav`);
      writeFileSync(path, encodeWav(pcm, r.sampleRate));
      paths.push(path);
    }
  }
  return paths;
}
