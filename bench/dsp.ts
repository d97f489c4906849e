/**
 * DSP cost per 100 ms chunk at 16 kHz: the seed chain (vad → noise_reduction → voice_enhancement)
 * and every catalogue stage alone, plus the per-chunk base64 codec the server runs. Each case is
 * warmed up, then timed in batches of BATCH chunks by process CPU time (user + system, so other
 * processes do not count), in ROUNDS rounds; the table shows the lowest round median of CPU µs
 * per chunk (a shared machine's load still slows the CPU it lends, so the best round is the
 * figure that belongs to the code), the wall-clock p99 of single chunks over all rounds, and the
 * median wall µs of the stage itself.
 *
 * Run: npx tsc -p . && node dist/bench/dsp.js [chunks]
 */
import { createChain, pcmFromBase64, pcmToBase64, STAGE_CATALOGUE, type PipelineConfig } from '../src/dsp/index.js';
import { mix, sine, toPcm, whiteNoise } from '../src/dsp/signals.js';
import { DEFAULT_PIPELINE } from '../src/scenario.js';

const RATE = 16000;
const CHUNK = 1600;
const WARMUP = 500;
const RUNS = Number(process.argv[2] ?? 2000);
const BATCH = 50;
const ROUNDS = 3;
/** Budget for the seed chain, µs per chunk. */
const TARGET_US = 200;

/** 50 distinct chunks of a -20 dBFS tone in -50 dBFS noise, cycled. */
const audio = toPcm(mix(sine(CHUNK * 50, 440, RATE, 0.1), whiteNoise(CHUNK * 50, 0.003)));
const chunks = Array.from({ length: 50 }, (_, i) => audio.subarray(i * CHUNK, (i + 1) * CHUNK));

interface Row {
  name: string;
  /** Median over batches of CPU µs per chunk. */
  medianUs: number;
  p99Us: number;
  ownUs: number | null;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Runs `step` RUNS times per round after warming up; CPU per chunk by batch, wall time per call. */
function measure(step: (i: number) => void): { cpuUs: number; p99Us: number } {
  for (let i = 0; i < WARMUP; i++) step(i);
  const roundMedians: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpu: number[] = [];
    for (let b = 0; b < RUNS / BATCH; b++) {
      const before = process.cpuUsage();
      for (let i = 0; i < BATCH; i++) {
        const t0 = performance.now();
        step(b * BATCH + i);
        wall.push((performance.now() - t0) * 1000);
      }
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / BATCH);
    }
    roundMedians.push(quantile(cpu.sort((a, b) => a - b), 0.5));
  }
  wall.sort((a, b) => a - b);
  return { cpuUs: Math.min(...roundMedians), p99Us: quantile(wall, 0.99) };
}

function timeChain(name: string, config: PipelineConfig, stageId?: string): Row {
  const chain = createChain(config, RATE);
  const own: number[] = [];
  const { cpuUs, p99Us } = measure((i) => {
    const r = chain.process(chunks[i % chunks.length]);
    if (stageId) own.push(r.stageLatenciesMs[stageId] * 1000);
  });
  own.sort((a, b) => a - b);
  return { name, medianUs: cpuUs, p99Us, ownUs: stageId ? quantile(own, 0.5) : null };
}

function timeCodec(name: string, fn: (i: number) => unknown): Row {
  const { cpuUs, p99Us } = measure(fn);
  return { name, medianUs: cpuUs, p99Us, ownUs: null };
}

function render(rows: Row[]): string {
  const head = ['case', 'CPU µs/chunk', 'wall p99 µs', 'stage own µs'];
  const body = rows.map((r) => [r.name, r.medianUs.toFixed(1), r.p99Us.toFixed(1), r.ownUs === null ? '' : r.ownUs.toFixed(1)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const rows: Row[] = [timeChain('seed chain (vad → noise_reduction → voice_enhancement)', DEFAULT_PIPELINE)];
for (const name of Object.keys(STAGE_CATALOGUE)) rows.push(timeChain(`${name} alone`, { stages: { [name]: {} } }, name === 'voice_filter' ? 'voice_frequency_filter' : name));
rows.push(timeChain('empty chain (conversion + rms + snr only)', { stages: {} }));
const encoded = chunks.map(pcmToBase64);
rows.push(timeCodec('pcmFromBase64 (4268 chars)', (i) => pcmFromBase64(encoded[i % encoded.length])));
rows.push(timeCodec('pcmToBase64 (1600 samples)', (i) => pcmToBase64(chunks[i % chunks.length])));

process.stdout.write(`DSP cost per 100 ms chunk (16 kHz, ${CHUNK} samples): best of ${ROUNDS} rounds of ${RUNS} after ${WARMUP} warm-up, Node ${process.version}\n\n`);
process.stdout.write(render(rows) + '\n\n');
const seed = rows[0].medianUs;
process.stdout.write(`seed chain ${seed.toFixed(1)} CPU µs per chunk: ${seed <= TARGET_US ? 'within' : 'OVER'} the ${TARGET_US} µs budget\n`);
