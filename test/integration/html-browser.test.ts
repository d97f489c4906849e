/**
 * The HTML report in a real browser (Debian's /usr/bin/chromium through playwright-core): it
 * opens offline with no network request and no console error, its charts render with real
 * geometry, and a screenshot is not blank. Skipped, saying why, when Chromium is not installed
 * (.ci/run installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import type { Result } from '../../src/report/result.js';
import { latencies, makeResult } from '../unit/report-fixture.test.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install -y chromium)`;

/** The distinct byte values of a PNG's decompressed image data: a blank page has only a handful. */
function pngDistinctBytes(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return new Set(inflateSync(Buffer.concat(idat))).size;
}

function sustainedResult(): Result {
  return makeResult({
    rtt: [...latencies(1500, 30, 3), ...latencies(300, 120, 4)],
    seconds: 12,
    errors: [{ kind: 'timeout', count: 4 }, { kind: 'error_reply', count: 2 }],
    thresholds: [
      { metric: 'chunk_rtt_ms', expression: 'p(95) < 150', actual: 130, limit: 150, op: '<', passed: true },
      { metric: 'chunk_rtt_ms', expression: 'p(99) < 200', actual: 240, limit: 200, op: '<', passed: false },
    ],
  });
}

function capacityResult(maxSessions: number | null = 30): Result {
  const r = sustainedResult() as Omit<Result, 'levels' | 'capacity'> & { levels: unknown[]; capacity: unknown };
  r.command = 'capacity';
  r.levels = [10, 20, 40, 30].map((sessions) => ({
    sessions, phase: 'step', chunks_per_s: sessions * 10, p50_ms: sessions, p95_ms: sessions * 2, p99_ms: sessions * 3,
    success_rate: sessions > 30 ? 0.9 : 1, error_rate: sessions > 30 ? 0.1 : 0, verdict: sessions > 30 ? 'fail' : 'pass',
    broken_by: sessions > 30 ? ['success_rate: rate > 0.95'] : [],
  }));
  r.capacity = { max_sessions: maxSessions, broken_by: ['success_rate: rate > 0.95'], generator_limited: false };
  return r as Result;
}

/** A 2-hour soak at 1 s resolution, p99 steady at ~120 ms but for one spike of 987.6 ms at t = 5000 s; thresholds far above. */
function soakResult(): Result {
  const r = makeResult({ rtt: latencies(7200, 100, 5), seconds: 7200, thresholds: [
    { metric: 'chunk_rtt_ms', expression: 'p(99) < 2000', actual: 900, limit: 2000, op: '<', passed: true },
  ] });
  r.timeline = r.timeline.map((p, i) => ({ ...p, hdr: undefined, p99_ms: i === 5000 ? 987.6 : 120 + (i % 5) }));
  return r;
}

interface Chart {
  label: string | null;
  width: number;
  height: number;
  polylines: number;
  drawnLines: number;
  maxPoints: number;
  bars: number;
  bands: number;
  titles: string[];
  yTicks: string[];
  xTicks: string[];
}

async function inspect(browser: Browser, file: string, width = 1280, shot?: string) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const docUrl = pathToFileURL(file).href;
  page.on('request', (req) => (req.url() === docUrl ? undefined : requests.push(req.url())));
  page.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(m.text()) : undefined));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.route('**/*', (route) => (route.request().url() === docUrl ? route.continue() : route.abort()));
  await page.goto(docUrl, { waitUntil: 'load', timeout: 15_000 });
  const charts: Chart[] = await page.$$eval('figure.chart svg', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const lines = [...svg.querySelectorAll('polyline')];
      const ticks = [...svg.querySelectorAll('text.tick')].map((t) => ({ text: t.textContent ?? '', anchor: t.getAttribute('text-anchor') }));
      return {
        label: svg.getAttribute('aria-label'),
        width: box.width, height: box.height,
        polylines: lines.length,
        drawnLines: lines.filter((p) => (p as SVGPolylineElement).getBBox().width > 20).length,
        maxPoints: Math.max(0, ...lines.map((p) => (p.getAttribute('points') ?? '').split(' ').length)),
        bars: svg.querySelectorAll('g.bars rect').length,
        bands: svg.querySelectorAll('g.hover rect').length,
        titles: [...svg.querySelectorAll('g.hover title')].map((t) => t.textContent ?? ''),
        yTicks: ticks.filter((t) => t.anchor === 'end').map((t) => t.text),
        xTicks: ticks.filter((t) => t.anchor === 'middle').map((t) => t.text),
      };
    }));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const sections = await page.$$eval('main > section h2', (hs) => hs.map((h) => h.textContent));
  const cards = await page.$$eval('.card .k', (ks) => ks.map((k) => k.textContent));
  const screenshot = await page.screenshot({ fullPage: true });
  if (shot) writeFileSync(shot, screenshot);
  const text = await page.innerText('body');
  await page.close();
  return { requests, consoleErrors, charts, screenshot, text, overflow, sections, cards };
}

const byLabel = (charts: Chart[]) => Object.fromEntries(charts.map((c) => [c.label, c]));
const whole = (ticks: string[]) => ticks.every((t) => /^-?\d+$/.test(t));
/** PIPEBENCH_SCREENSHOTS=dir keeps the screenshots, to look at them. */
const shots = process.env.PIPEBENCH_SCREENSHOTS;
const shotPath = (name: string, width: number) => (shots ? join(shots, `${name}-${width}.png`) : undefined);

test('the HTML report renders offline in Chromium: charts drawn, no requests, no console errors', { skip, timeout: 120_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'pb-html-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  try {
    for (const width of [1280, 600]) {
      await t.test(`sustained at ${width} px`, async () => {
        const file = join(dir, 'sustained.html');
        writeFileSync(file, renderHtml(sustainedResult()));
        const page = await inspect(browser, file, width, shotPath('sustained', width));
        assert.deepEqual(page.requests, [], 'no network requests');
        assert.deepEqual(page.consoleErrors, [], 'no console errors');
        assert.ok(page.overflow <= 0, `no horizontal scrolling (${page.overflow} px too wide)`);
        const charts = byLabel(page.charts);
        for (const c of page.charts) assert.ok(c.width > width / 3 && c.height > 100, `${c.label} has a real size: ${c.width}×${c.height}`);
        assert.equal(charts['Chunk round trip over time'].drawnLines, 3, 'p50, p95, p99 lines');
        assert.equal(charts['Per-chunk latency distribution (HDR percentiles)'].drawnLines, 5, 'one curve per per-chunk metric');
        assert.equal(charts['Session setup latency distribution (HDR percentiles)'].polylines, 3, 'connect, create, first audio apart');
        assert.ok(charts['Errors over time, by kind'].bars >= 2, 'error bars drawn');
        for (const name of ['Sessions open', 'Errors over time, by kind', 'Throughput over time', 'Chunk round trip over time']) {
          assert.ok(whole(charts[name].xTicks), `${name}: whole seconds on x: ${charts[name].xTicks}`);
        }
        for (const name of ['Sessions open', 'Errors over time, by kind']) assert.ok(whole(charts[name].yTicks), `${name}: counts on y: ${charts[name].yTicks}`);
        // The p(99) < 200 line is inside the data's range (p99 reaches ~240), so it is drawn, and the y axis stops near the data.
        const rtt = charts['Chunk round trip over time'];
        assert.equal(Number(rtt.yTicks.at(-1)) < 400, true, `y axis from the data: ${rtt.yTicks}`);
        assert.equal(rtt.titles.length, 12, 'one hover band per second');
        assert.match(rtt.titles[0], /^t = 0 s\np50 chunk_rtt_ms: [\d.]+ ms\np95 chunk_rtt_ms: [\d.]+ ms\np99 chunk_rtt_ms: [\d.]+ ms$/);
        assert.match(page.text, /p\(99\) < 200/);
        assert.match(page.text, /FAIL/);
        assert.match(page.text, /Test CPU × 4 CPUs/, 'fingerprint shown');
        assert.ok(page.screenshot.length > 50_000, `screenshot of ${page.screenshot.length} bytes`);
        assert.ok(pngDistinctBytes(page.screenshot) > 50, 'the screenshot is not blank');
      });
    }
    await t.test('a 2-hour soak: lines thinned for drawing, every second reachable on hover, far thresholds noted', async () => {
      const file = join(dir, 'soak.html');
      writeFileSync(file, renderHtml(soakResult()));
      const page = await inspect(browser, file, 1280, shotPath('soak', 1280));
      assert.deepEqual([page.requests, page.consoleErrors], [[], []]);
      const rtt = byLabel(page.charts)['Chunk round trip over time'];
      assert.ok(rtt.maxPoints <= 700, `a drawn line has ${rtt.maxPoints} points`);
      assert.ok(rtt.bands > 60 && rtt.bands <= 240, `${rtt.bands} hover bands`);
      const spike = rtt.titles.filter((t: string) => t.includes('987.6 ms'));
      assert.equal(spike.length, 1, 'the spike is in one hover band');
      assert.match(spike[0], /^t = \d+ s to \d+ s\n[^]*p99 chunk_rtt_ms: max 987\.6 ms at 5000 s, min 120 ms$/);
      assert.ok(Number(rtt.yTicks.at(-1)) <= 1000, `y axis from the data, not the 2000 ms threshold: ${rtt.yTicks}`);
      assert.match(page.text, /Not drawn, outside the data's range \(0 to 1000 ms\): p\(99\) < 2000 \(2000 ms, above\)/);
    });
    for (const width of [1280, 600]) {
      await t.test(`capacity at ${width} px: the capacity figure and latency per level lead`, async () => {
        const file = join(dir, 'capacity.html');
        writeFileSync(file, renderHtml(capacityResult()));
        const page = await inspect(browser, file, width, shotPath('capacity', width));
        assert.deepEqual([page.requests, page.consoleErrors], [[], []]);
        assert.ok(page.overflow <= 0, `no horizontal scrolling (${page.overflow} px too wide)`);
        assert.equal(page.sections[0], 'Capacity', `sections: ${page.sections.join(', ')}`);
        assert.equal(page.charts[0].label, 'Latency per load level');
        assert.deepEqual(page.cards.slice(0, 2), ['capacity', 'chunk RTT p50 at 4 sessions']);
        assert.ok(whole(page.charts[0].xTicks), `sessions on x: ${page.charts[0].xTicks}`);
        assert.match(page.text, /Capacity: 30 sessions; above it, broken by success_rate/);
      });
    }
    await t.test('capacity with no level passed says so', async () => {
      const file = join(dir, 'capacity-none.html');
      writeFileSync(file, renderHtml(capacityResult(null)));
      const page = await inspect(browser, file, 1280);
      assert.match(page.text, /Capacity: no level passed; broken by/);
      assert.doesNotMatch(page.text, /none sessions/);
    });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
