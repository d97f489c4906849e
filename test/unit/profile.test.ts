import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRIC_NAMES } from '../../src/evaluate/metrics.js';
import { PROFILE_OPTIONS, listProfiles, loadProfile, profilesDir } from '../../src/profile.js';
import { findPackageRoot } from '../../src/package-root.js';

const dir = mkdtempSync(join(tmpdir(), 'pipebench-profile-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return name;
}

test('shipped profiles: listed, and each loads with no problems', async (t) => {
  assert.deepEqual(listProfiles(), ['batch', 'ci', 'default', 'latency', 'smoke']);
  for (const name of listProfiles()) {
    await t.test(name, () => {
      const { profile, problems } = loadProfile(name, dir);
      assert.deepEqual(problems, []);
      assert.equal(profile?.name, name);
      assert.equal(profile?.source, join(profilesDir(), `${name}.json`));
      const raw = JSON.parse(readFileSync(profile.source, 'utf8'));
      assert.equal(raw.$schema, './profile.schema.json');
      assert.ok(profile.description);
      assert.equal(profile.thresholds.length, Object.values(profile.rawThresholds).flat().length);
    });
  }
  assert.deepEqual(loadProfile('ci', dir).profile?.options, { sessions: 10, duration: '20s', warmup: '2s', 'ramp-up': '1s' });
  assert.deepEqual(loadProfile('smoke', dir).profile?.options, { sessions: 2, duration: '5s' });
  assert.deepEqual(loadProfile('default', dir).profile?.options, {});
});

test('ci holds every default threshold and more', () => {
  const exprs = (name: string) => loadProfile(name, dir).profile!.thresholds.map((t) => `${t.metric}: ${t.expression}`);
  const ci = exprs('ci');
  for (const e of exprs('default')) assert.ok(ci.includes(e), e);
  assert.ok(ci.includes('chunk_rtt_ms: p(99) < 500'));
  assert.ok(ci.includes('sequence_anomalies: count == 0'));
});

test('the schema lists exactly the catalogue metrics and the sustained options', () => {
  const schema = JSON.parse(readFileSync(join(profilesDir(), 'profile.schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(schema.properties.thresholds.properties), [...METRIC_NAMES]);
  const options = schema.properties.options.properties as Record<string, { type: string; items?: { type: string } }>;
  const types = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v.items ? `${v.items.type}[]` : v.type]));
  assert.deepEqual(types, PROFILE_OPTIONS);
});

test('the package root is found from below dist/src', () => {
  const root = findPackageRoot();
  assert.equal(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name, 'pipebench');
  assert.equal(findPackageRoot(join(root, 'dist', 'src', 'evaluate')), root);
});

test('paths resolve from the cwd', () => {
  mkdirSync(join(dir, 'sub'), { recursive: true });
  write('sub/mine.json', { name: 'mine', thresholds: { chunk_rtt_ms: ['p(99) < 1s over 10s'] }, options: { header: ['X-A: 1'] } });
  for (const ref of ['sub/mine.json', './sub/mine.json', join(dir, 'sub', 'mine.json')]) {
    const { profile, problems } = loadProfile(ref, dir);
    assert.deepEqual(problems, [], ref);
    assert.equal(profile?.source, join(dir, 'sub', 'mine.json'));
    assert.equal(profile?.thresholds[0].windowS, 10);
    assert.deepEqual(profile?.rawThresholds, { chunk_rtt_ms: ['p(99) < 1s over 10s'] });
    assert.equal(profile?.description, undefined);
  }
});

test('broken profiles: every problem at once, each naming the file', async (t) => {
  const cases: Array<[string, string, unknown, string[]]> = [
    ['unknown shipped name', 'defualt', null, [
      'profile "defualt": no such profile; use one of batch, ci, default, latency, smoke, or a path to a .json file (did you mean default?)',
    ]],
    ['missing file', 'nope.json', null, ['profile nope.json: cannot read it: no such file']],
    ['bad JSON', 'bad.json', '{\n  "name": "x",\n  "thresholds": {,\n}', [
      'profile bad.json: invalid JSON at line 3, column 18: ',
    ]],
    ['truncated JSON', 'short.json', '{"name": ', ['profile short.json: invalid JSON']],
    ['not an object', 'list.json', [], ['profile list.json: the profile must be object, got []']],
    ['many problems', 'many.json', {
      description: 7,
      thresholds: { chunk_rtt_ms: ['p(95) < 300', 'p95 < 300'], latency: ['p(95) < 1'], success_rate: 'rate > 0.9', error_rate: [5] },
      options: { sesions: 3, duration: 20, reconnect: 'yes', header: ['ok', 2] },
      extra: true,
    }, [
      'profile many.json: missing "name"',
      'profile many.json: unknown key "extra"; use one of $schema, name, description, thresholds, options',
      'profile many.json: description must be string, got 7',
      'profile many.json: thresholds.success_rate must be array, got "rate > 0.9"',
      'profile many.json: thresholds.error_rate[0] must be string, got 5',
      'profile many.json: unknown option "sesions"; use one of sessions, duration, ramp-up, warmup, chunk-ms, sample-rate, tone-hz, level-dbfs, chunk-timeout, connect-timeout, pipeline, reconnect, header, deflate, update-every, update-stage, update-params, ping-every, max-lag, audio, signal, audio-offset (did you mean sessions?)',
      'profile many.json: options.duration must be string, got 20',
      'profile many.json: options.reconnect must be boolean, got "yes"',
      'profile many.json: options.header[1] must be string, got 2',
      'profile many.json: threshold "chunk_rtt_ms: p95 < 300": unknown aggregation "p95"; use one of avg, min, med, max, p(N), count (did you mean p(95)?)',
      'profile many.json: threshold "latency: p(95) < 1": unknown metric "latency"; use one of ',
    ]],
  ];
  for (const [name, ref, content, want] of cases) {
    await t.test(name, () => {
      if (content !== null) write(ref, content);
      const { profile, problems } = loadProfile(ref, dir);
      assert.equal(profile, undefined);
      assert.deepEqual(
        [...problems].sort().map((p, i) => p.slice(0, [...want].sort()[i]?.length)),
        [...want].sort(),
        problems.join('\n'),
      );
    });
  }
});

test('the validator compiled at build time is the schema as it is now (same verdict and errors as compiling it here)', async () => {
  const { compileSchema } = await import('../../src/json-schema.js');
  const { default: built } = await import('../../src/generated/profile-validator.js');
  const fresh = compileSchema(JSON.parse(readFileSync(join(profilesDir(), 'profile.schema.json'), 'utf8')), { verbose: true });
  const docs: unknown[] = [
    ...listProfiles().map((n) => JSON.parse(readFileSync(join(profilesDir(), `${n}.json`), 'utf8'))),
    {}, [], 'x', null,
    { name: 'n', thresholds: { chunk_rtt_ms: 'p(95) < 1' } },
    { name: 'n', thresholds: { no_such_metric: ['p(95) < 1'] }, options: { sessions: 1.5, bogus: true, header: [1] } },
    { name: 7, description: [], thresholds: {}, extra: 1 },
  ];
  const shape = (errors: typeof fresh.errors) => (errors ?? []).map((e) => [e.instancePath, e.keyword, JSON.stringify(e.params), e.message]);
  for (const doc of docs) {
    assert.equal(built(doc), fresh(doc), JSON.stringify(doc));
    assert.deepEqual(shape(built.errors), shape(fresh.errors), JSON.stringify(doc));
  }
});
