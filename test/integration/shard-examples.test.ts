/**
 * examples/github-actions-shards.yml: the matrix, the shard flags and the merge job agree.
 * examples/kubernetes: each manifest equals a mirror typed with kubernetes-types (a misspelt or
 * misplaced field fails to compile, a drifted YAML fails the comparison), the pieces agree with
 * each other (N, volume, paths, flags), and the shard and merge scripts of the manifests run as
 * written: four shard processes and the merge against a reference server on 127.0.0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { ConfigMap, PersistentVolumeClaim, PodSpec } from 'kubernetes-types/core/v1.js';
import { sustainedSpec } from '../../src/commands/sustained/spec.js';
import { envName } from '../../src/spine/flags.js';
import { startServer } from '../../src/server/index.js';
import type { Result } from '../../src/report/result.js';
import { BIN } from '../helpers/cli.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const DIR = join(EXAMPLES, 'kubernetes');
const load = (file: string) => parse(readFileSync(join(DIR, file), 'utf8'));
const N = 4;
const labels = (component?: string) => ({ 'app.kubernetes.io/name': 'pipebench', ...(component ? { 'app.kubernetes.io/component': component } : {}) });
const results = { volumeMounts: [{ name: 'results', mountPath: '/results' }] };
const volumes: PodSpec['volumes'] = [{ name: 'results', persistentVolumeClaim: { claimName: 'pipebench-results' } }];
const scriptOf = (job: Job) => job.spec!.template.spec!.containers[0].args![0];

const plan: ConfigMap = {
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pipebench-plan', labels: labels() },
  data: {
    PIPEBENCH_TARGET: 'http://pipeline.default.svc.cluster.local:8000', PIPEBENCH_SESSIONS: '2000', PIPEBENCH_DURATION: '5m',
    PIPEBENCH_RAMP_UP: '30s', PIPEBENCH_WARMUP: '30s', PIPEBENCH_PROFILE: 'ci',
  },
};

const pvc: PersistentVolumeClaim = {
  apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pipebench-results', labels: labels() },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } },
};

function shardsJob(script: string): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pipebench-shards', labels: labels() },
    spec: {
      completionMode: 'Indexed', completions: N, parallelism: N, backoffLimitPerIndex: 0, ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labels('shard') },
        spec: {
          restartPolicy: 'Never', securityContext: { fsGroup: 1000 }, volumes,
          containers: [{
            name: 'pipebench', image: 'pipebench:0.1.0',
            envFrom: [{ configMapRef: { name: 'pipebench-plan' } }, { configMapRef: { name: 'pipebench-start' } }],
            env: [{ name: 'RESULTS_DIR', value: '/results' }],
            command: ['sh', '-c'], args: [script],
            resources: { requests: { cpu: '1', memory: '512Mi' }, limits: { memory: '2Gi' } },
            ...results,
          }],
        },
      },
    },
  };
}

function mergeJob(script: string): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pipebench-merge', labels: labels() },
    spec: {
      backoffLimit: 0, ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labels('merge') },
        spec: {
          restartPolicy: 'Never', securityContext: { fsGroup: 1000 }, volumes,
          containers: [{
            name: 'merge', image: 'pipebench:0.1.0', envFrom: [{ configMapRef: { name: 'pipebench-start' } }],
            env: [{ name: 'RESULTS_DIR', value: '/results' }], command: ['sh', '-c'], args: [script], ...results,
          }],
        },
      },
    },
  };
}

test('the manifests are what their kubernetes-types mirrors say', () => {
  assert.deepEqual(load('plan.yaml'), plan);
  assert.deepEqual(load('results-pvc.yaml'), pvc);
  const shards = load('shards-job.yaml') as Job;
  assert.deepEqual(shards, shardsJob(scriptOf(shards)));
  const merge = load('merge-job.yaml') as Job;
  assert.deepEqual(merge, mergeJob(scriptOf(merge)));
});

test('the pieces agree: N, the shard flag, the plan variables, the results path', () => {
  const shards = load('shards-job.yaml') as Job;
  assert.match(scriptOf(shards), new RegExp(`pipebench sustained --shard auto/${N} `), 'the shard count is the Job\'s completions');
  const known = new Set(sustainedSpec.flags.map((f) => envName(f.name)));
  for (const key of Object.keys(plan.data!)) assert.ok(known.has(key), `${key} is a sustained flag's variable`);
  assert.ok(known.has('PIPEBENCH_START_AT'));
  assert.match(scriptOf(load('merge-job.yaml') as Job), /pipebench merge "\$dir"\/shard-\*\.json/);
});

/** Run one of the manifests' scripts with `sh`, `pipebench` on PATH being the built binary. */
function runScript(script: string, env: Record<string, string>, timeoutMs = 40_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', script], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('the shard and merge scripts run as written: four shards, one start instant, one merged verdict', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pb-k8s-'));
  const server = await startServer({ port: 0 });
  try {
    const shim = join(tmp, 'pipebench');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    const startAt = new Date(Date.now() + 7000).toISOString();
    const env = {
      PATH: `${tmp}:${process.env.PATH}`, RESULTS_DIR: join(tmp, 'results'), PIPEBENCH_START_AT: startAt,
      // The plan's keys, with a small load for this machine.
      PIPEBENCH_TARGET: server.url, PIPEBENCH_SESSIONS: '6', PIPEBENCH_DURATION: '2s', PIPEBENCH_RAMP_UP: '0s', PIPEBENCH_WARMUP: '0s', PIPEBENCH_PROFILE: 'ci',
    };
    const shardScript = scriptOf(load('shards-job.yaml') as Job);
    const pods = await Promise.all(Array.from({ length: N }, (_, k) => runScript(shardScript, { ...env, JOB_COMPLETION_INDEX: String(k) })));
    for (const p of pods) assert.equal(p.code, 0, p.out);
    const dir = join(tmp, 'results', startAt);
    for (let i = 1; i <= N; i++) assert.ok(existsSync(join(dir, `shard-${i}.json`)), `shard ${i} wrote its result`);
    const merge = await runScript(scriptOf(load('merge-job.yaml') as Job), { PATH: env.PATH, RESULTS_DIR: env.RESULTS_DIR, PIPEBENCH_START_AT: startAt });
    const merged = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as Result;
    assert.equal(merge.code, merged.exit_code, merge.out);
    assert.deepEqual(merged.shards?.merged, [1, 2, 3, 4]);
    assert.equal(merged.counts.sessions_started, 6);
    assert.equal(merged.counts.chunks_sent, server.totals().chunksProcessed);
    assert.match(readFileSync(join(dir, 'junit.xml'), 'utf8'), /<testsuite/);
  } finally {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('github-actions-shards.yml: one matrix job per shard sharing a start instant, then a merge job that gates', () => {
  const wf = parse(readFileSync(join(EXAMPLES, 'github-actions-shards.yml'), 'utf8')) as any;
  const shards = Number(wf.env.SHARDS);
  assert.deepEqual(wf.jobs.shard.strategy.matrix.shard, Array.from({ length: shards }, (_, k) => k + 1), 'the matrix is 1..SHARDS');
  assert.equal(wf.jobs.shard.strategy['fail-fast'], false, 'one failing shard must not cancel the others');
  assert.equal(wf.jobs.shard.needs, 'plan');
  assert.ok(wf.jobs.plan.outputs.start_at.includes('steps.start.outputs.start_at'));
  const run = wf.jobs.shard.steps.find((s: { run?: string }) => s.run?.includes('pipebench sustained')).run as string;
  assert.match(run, /--shard "\$\{\{ matrix\.shard \}\}\/\$SHARDS"/);
  assert.match(run, /--start-at "\$\{\{ needs\.plan\.outputs\.start_at \}\}"/);
  const known = new Set(sustainedSpec.flags.map((f) => f.name));
  for (const flag of run.match(/--[a-z-]+/g) ?? []) assert.ok(known.has(flag.slice(2)), `${flag} is a sustained flag`);
  const upload = wf.jobs.shard.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact'));
  assert.equal(upload.with.path, 'shard-${{ matrix.shard }}.json');
  assert.deepEqual(wf.jobs.merge.needs, 'shard');
  assert.equal(wf.jobs.merge.if, '${{ !cancelled() }}', 'the merge runs when a shard failed, and names it missing');
  const download = wf.jobs.merge.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/download-artifact'));
  assert.equal(download.with.pattern, 'pipebench-shard-*');
  assert.equal(download.with['merge-multiple'], true);
  assert.match(upload.with.name, /^pipebench-shard-/);
  const gate = wf.jobs.merge.steps.find((s: { run?: string }) => s.run?.includes('pipebench merge'));
  assert.match(gate.run, new RegExp(`pipebench merge ${download.with.path}/shard-\\*\\.json`));
  assert.equal(gate['continue-on-error'], undefined, 'the merge step gates the workflow');
});
