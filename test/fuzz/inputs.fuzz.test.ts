/**
 * Property-based fuzzing of what users type: durations, threshold expressions, profile
 * documents and whole command lines. Whatever comes in, the answer is a value or a problem
 * (never an exception), and a command line ends with exit 0-4 and, for bad input, a message:
 * never 70 (internal error), never a hang. Bounded runs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseThresholdFlag } from '../../src/evaluate/thresholds.js';
import { loadProfile } from '../../src/profile.js';
import { durationTooLong, parseDurationMs } from '../../src/units.js';
import { runMain } from '../helpers/io.js';

const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const METRICS = ['chunk_rtt_ms', 'error_rate', 'success_rate', 'chunks_lost', 'connect_ms', 'chunks_per_s_per_session', 'http_req_ms'];
const piece = (...xs: string[]) => fc.constantFrom(...xs);

const durationText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.tuple(fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e9, noNaN: true }).map((d) => d.toFixed(3))), piece('ms', 's', 'm', 'h', '', 'd', 'H'))
    .map(([n, u]) => `${n}${u}`),
  piece('597h', '596.5h', '1m30s', '0', '-1s', '1e3s', 'Infinitys', ' 5s', '5 s'),
);

const expression = fc.tuple(
  fc.oneof(piece(...METRICS, ...PROTO), fc.string({ maxLength: 8 })),
  fc.oneof(piece('p(95)', 'p(0)', 'p(101)', 'avg', 'max', 'rate', 'count', 'value', ...PROTO), fc.string({ maxLength: 6 })),
  piece('<', '<=', '>', '>=', '==', '!=', '=', '=<', ''),
  fc.oneof(fc.double().map(String), fc.integer().map(String), piece('300ms', '5%', '1s', '0.95', 'x')),
  fc.option(fc.oneof(durationText, piece('10s', '0s', '1.5s')), { nil: undefined }),
).map(([m, a, op, n, w]) => `${m}: ${a} ${op} ${n}${w === undefined ? '' : ` over ${w}`}`);

describe('input fuzzing', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-fuzz-inputs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('durations: a finite, non-negative number of ms or undefined; the bound never throws', () => {
    fc.assert(
      fc.property(durationText, (text) => {
        const ms = parseDurationMs(text);
        assert.ok(ms === undefined || (Number.isFinite(ms) && ms >= 0), `${text} → ${ms}`);
        if (ms !== undefined) assert.equal(typeof (durationTooLong('--duration', text, ms) ?? ''), 'string');
      }),
      { numRuns: 2000 },
    );
  });

  test('threshold expressions: exactly one of a threshold or a problem naming it', () => {
    fc.assert(
      fc.property(fc.oneof(expression, fc.string({ maxLength: 40 })), (text) => {
        const r = parseThresholdFlag(text);
        assert.ok((r.threshold === undefined) !== (r.problem === undefined), text);
        if (r.threshold) assert.ok(Number.isFinite(r.threshold.limit), text);
        if (r.problem) assert.match(r.problem, /^threshold "/);
      }),
      { numRuns: 3000 },
    );
  });

  test('profile documents: a profile or problems, never an exception', () => {
    const file = join(dir, 'profile.json');
    const doc = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
      fc.record({
        name: fc.oneof(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 })),
        thresholds: fc.oneof(fc.dictionary(fc.oneof(piece(...METRICS, ...PROTO), fc.string({ maxLength: 5 })), fc.oneof(fc.array(expression.map((e) => e.slice(e.indexOf(':') + 1)), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 }))), fc.jsonValue({ maxDepth: 2 })),
        options: fc.oneof(fc.dictionary(piece('sessions', 'duration', 'ramp-up', 'update-params', 'header', 'pipeline', 'x'), fc.jsonValue({ maxDepth: 2 })), fc.jsonValue({ maxDepth: 1 })),
      }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.tuple(fc.boolean(), doc), ([bom, text]) => {
        writeFileSync(file, `${bom ? '\ufeff' : ''}${text}`);
        const r = loadProfile(file, dir);
        assert.ok((r.profile !== undefined) !== (r.problems.length > 0), text);
      }),
      { numRuns: 400 },
    );
  });

  test('command lines: exit 0-4 with a message for bad input, never 70, never a hang', async () => {
    const FLAGS: Record<string, fc.Arbitrary<string>> = {
      '--sessions': fc.oneof(fc.nat(200).map(String), piece('0', '0x10', '-1', '1e3', '', 'ten')),
      '--duration': durationText,
      '--ramp-up': durationText,
      '--warmup': durationText,
      '--chunk-ms': fc.oneof(fc.integer({ min: -5, max: 2000 }).map(String), piece('abc', '')),
      '--chunk-timeout': durationText,
      '--connect-timeout': durationText,
      '--max-lag': durationText,
      '--threshold': expression,
      '--profile': piece('default', 'smoke', 'nope', '', '/dev/zero', 'constructor'),
      '--header': fc.oneof(piece('X-A: b', 'bad', 'X: \u0001', ': x'), fc.string({ maxLength: 10 })),
      '--update-params': fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 10 })),
      '--update-every': durationText,
      '--pipeline': piece('', 'nope.json', '/dev/zero'),
      '--sample-rate': fc.oneof(fc.integer({ min: -1, max: 200_000 }).map(String), piece('x')),
      '--json': piece('-', '', '/'),
      '--ca': piece('', 'nope.pem'),
    };
    const SWITCHES = ['--insecure', '--deflate', '--no-reconnect', '--quiet', '--abort-on-fail', '--nope', 'stray'];
    const argv = fc.tuple(
      piece('sustained', 'latency', 'capacity', 'batch'),
      fc.array(fc.oneof(
        fc.constantFrom(...Object.keys(FLAGS)).chain((f) => FLAGS[f].map((v) => [f, v])),
        fc.constantFrom(...SWITCHES).map((s) => [s]),
      ), { maxLength: 5 }),
    ).map(([cmd, parts]) => [cmd, '--target', 'http://127.0.0.1:9', '--quiet', ...parts.flat()]);
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const r = await runMain(args);
        assert.ok([0, 1, 2, 3, 4].includes(r.code), `exit ${r.code} for ${JSON.stringify(args)}\n${r.stderr}`);
        if (r.code === 2) assert.notEqual(r.stderr.trim(), '', `exit 2 without a message for ${JSON.stringify(args)}`);
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
  });
});
