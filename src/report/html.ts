/**
 * `--html FILE`: one self-contained HTML page a person would rather look at than the JSON.
 * Everything is inline (styles, SVG charts, data) and there is no script at all, so the file
 * opens offline, from a CI artifact, and makes no network request. Charts are SVG built in Node
 * (see html/svg.ts for why no charting library). Pure: result in, HTML text out.
 */
import type { ResultDocument } from './result.js';
import { capacityCharts, distribution, errorsOverTime, latencyOverTime, sessionsOpen, throughput } from './html/charts.js';
import {
  capacitySummary, cards, checksTable, countsAndFairness, errorsTable, fingerprintFooter, generatorBlock, latencyTable,
  scenarioTable, thresholdsTable, warningsBlock,
} from './html/sections.js';
import { esc } from './html/svg.js';
import { audioSection } from './html/audio.js';
import { readTags } from './result-views.js';
import { sessionsText } from '../units.js';

const CSS = `
:root{--fg:#1d2329;--muted:#5f6b76;--line:#d8dee4;--bg:#fff;--soft:#f5f7f9;--pass:#2e7d32;--fail:#c62828;--warn:#b26a00}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--soft)}
main{max-width:1100px;margin:0 auto;padding:24px}
header.top{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 10px}.sub{color:var(--muted)}
section{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:16px}
.verdict{display:inline-block;font-weight:700;padding:2px 10px;border-radius:4px;color:#fff;margin-right:8px}
.verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}.verdict.invalid,.verdict.interrupted,.verdict.unusable{background:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-top:12px}
.card{background:var(--soft);border-radius:6px;padding:8px 12px}.card.capacity{background:#e8f0fa}.card .k{color:var(--muted);font-size:12px}.card .v{font-size:18px;font-weight:600}
figure.chart{margin:0 0 12px}figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto;display:block}
svg .grid{stroke:#eceff2}svg .axis{stroke:#9aa5b1}svg .tick{font-size:11px;fill:var(--muted)}svg .label{font-size:12px;fill:var(--muted)}
svg .series{fill:none;stroke-width:1.8;stroke-linejoin:round}svg .threshold text{font-size:11px}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;color:var(--muted)}.legend i{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}
.legend i.bar{height:10px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{color:var(--muted);font-weight:600}table.num td:not(:first-child),table.num th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
table.kv td:first-child{color:var(--muted);width:35%}
.badge{font-size:12px;font-weight:700;padding:1px 8px;border-radius:10px}.badge.pass{background:#e3f1e4;color:var(--pass)}
.badge.fail{background:#fbe4e4;color:var(--fail)}.badge.skip{background:#eceff2;color:var(--muted)}
.empty,.note{color:var(--muted)}.note{font-size:12px;margin:4px 0 0}svg .hover rect{fill:transparent}svg .hover rect:hover{fill:rgba(0,0,0,.06)}.empty.ok{color:var(--pass)}ul.warnings{color:var(--warn);margin:6px 0 0;padding-left:18px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px}
.tags{margin-top:6px;display:flex;flex-wrap:wrap;gap:6px}.tag{font-size:12px;background:#eef2f6;border-radius:10px;padding:1px 8px;color:var(--fg)}
.scroll{overflow-x:auto}
@media (max-width:700px){main{padding:8px}section,header.top{padding:12px}svg .tick{font-size:15px}svg .label{font-size:16px}svg .threshold text{font-size:15px}}
`;

function header(r: ResultDocument): string {
  const s = r.scenario as Record<string, unknown>;
  return `<header class="top"><h1><span class="verdict ${esc(r.verdict)}">${esc(r.verdict.toUpperCase())}</span>pipebench ${esc(r.command)}</h1>` +
    `<div class="sub">${esc(r.verdict_reason)} (exit ${r.exit_code}) · ${esc(r.target.url)} · ${esc(sessionsText(String(s.sessions ?? '?')))} · ` +
    `${r.measured_s.toFixed(1)} s measured · started ${esc(r.started_at)}</div>${tagChips(r)}${cards(r)}</header>`;
}

/** The --tag labels as chips under the heading. */
function tagChips(r: ResultDocument): string {
  const tags = Object.entries(readTags(r));
  return tags.length ? `<div class="tags">${tags.map(([k, v]) => `<span class="tag">${esc(k)}=${esc(v)}</span>`).join('')}</div>` : '';
}

const section = (title: string, body: string) => (body ? `<section><h2>${esc(title)}</h2>${body}</section>` : '');

/** The report page. */
export function renderHtml(r: ResultDocument): string {
  // A capacity run's answer comes first: the figure, latency against sessions, then the levels.
  const capacity = capacityCharts(r);
  const body = [
    header(r),
    section('Capacity', capacitySummary(r, capacity)),
    section('Thresholds', thresholdsTable(r)),
    checksTable(r),
    r.timeline.length ? section('Latency over time', latencyOverTime(r)) : '',
    section('Latency distribution', distribution(r) + latencyTable(r)),
    r.timeline.length ? section('Throughput and errors', throughput(r) + sessionsOpen(r) + errorsOverTime(r)) : '',
    section('Returned audio', audioSection(r.audio)),
    section('Errors', errorsTable(r)),
    section('Sessions and fairness', countsAndFairness(r)),
    section('Load generator health', generatorBlock(r)),
    warningsBlock(r),
    section('Scenario and target', scenarioTable(r)),
  ].join('\n');
  const title = `pipebench ${r.command} ${r.verdict.toUpperCase()}: ${r.target.url} at ${r.started_at}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
${body}
${fingerprintFooter(r)}
</main></body></html>
`;
}
