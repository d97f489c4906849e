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

function capacityResult(): Result {
  const r = sustainedResult() as Result & { levels: unknown[]; capacity: unknown };
  r.command = 'capacity';
  r.levels = [10, 20, 40, 30].map((sessions) => ({
    sessions, phase: 'step', chunks_per_s: sessions * 10, p50_ms: sessions, p95_ms: sessions * 2, p99_ms: sessions * 3,
    success_rate: sessions > 30 ? 0.9 : 1, error_rate: sessions > 30 ? 0.1 : 0, verdict: sessions > 30 ? 'fail' : 'pass',
    broken_by: sessions > 30 ? ['success_rate: rate > 0.95'] : [],
  }));
  r.capacity = { max_sessions: 30, broken_by: ['success_rate: rate > 0.95'], generator_limited: false };
  return r;
}

async function inspect(browser: Browser, file: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const document = pathToFileURL(file).href;
  page.on('request', (req) => (req.url() === document ? undefined : requests.push(req.url())));
  page.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(m.text()) : undefined));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.route('**/*', (route) => (route.request().url() === document ? route.continue() : route.abort()));
  await page.goto(document, { waitUntil: 'load', timeout: 15_000 });
  const charts = await page.$$eval('figure.chart svg', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const lines = [...svg.querySelectorAll('polyline')].map((p) => (p as SVGPolylineElement).getBBox());
      return {
        label: svg.getAttribute('aria-label'),
        width: box.width, height: box.height,
        polylines: lines.length,
        drawnLines: lines.filter((b) => b.width > 20).length,
        bars: svg.querySelectorAll('rect').length,
      };
    }));
  const screenshot = await page.screenshot({ fullPage: true });
  const text = await page.innerText('body');
  await page.close();
  return { requests, consoleErrors, charts, screenshot, text };
}

test('the HTML report renders offline in Chromium: charts drawn, no requests, no console errors', { skip, timeout: 60_000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'pb-html-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  try {
    await t.test('sustained', async () => {
      const file = join(dir, 'sustained.html');
      writeFileSync(file, renderHtml(sustainedResult()));
      const page = await inspect(browser, file);
      assert.deepEqual(page.requests, [], 'no network requests');
      assert.deepEqual(page.consoleErrors, [], 'no console errors');
      const byLabel = Object.fromEntries(page.charts.map((c) => [c.label, c]));
      for (const c of page.charts) assert.ok(c.width > 300 && c.height > 100, `${c.label} has a real size`);
      assert.equal(byLabel['Chunk round trip over time'].drawnLines, 3, 'p50, p95, p99 lines');
      assert.equal(byLabel['Latency distribution (HDR percentiles, log scale)'].drawnLines, 8, 'one curve per latency metric');
      assert.ok(byLabel['Errors over time, by kind'].bars >= 2, 'error bars drawn');
      assert.match(page.text, /p\(99\) < 200/);
      assert.match(page.text, /FAIL/);
      assert.match(page.text, /Test CPU × 4 CPUs/, 'fingerprint shown');
      assert.ok(page.screenshot.length > 50_000, `screenshot of ${page.screenshot.length} bytes`);
      assert.ok(pngDistinctBytes(page.screenshot) > 50, 'the screenshot is not blank');
    });
    await t.test('capacity: latency and success per level', async () => {
      const file = join(dir, 'capacity.html');
      writeFileSync(file, renderHtml(capacityResult()));
      const page = await inspect(browser, file);
      assert.deepEqual([page.requests, page.consoleErrors], [[], []]);
      const labels = page.charts.map((c) => c.label);
      assert.ok(labels.includes('Latency per load level') && labels.includes('Success per load level'), labels.join(', '));
      assert.match(page.text, /Capacity: 30 sessions/);
    });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
