/**
 * `npm run bench:load`: one Gatehouse server under 1,000 calls in flight (mixed cheap file and database
 * calls) for 60 s; `--soak` runs 10 minutes at a steady rate and judges whether RSS grows.
 */
import path from 'node:path';
import { gatehousePointLookup, DATABASE_NAME } from './db.js';
import { cheapFileCalls, type ArgsFor } from './files.js';
import { mcpContender, type Contender } from './invoke.js';
import { parseLoadOptions } from './options.js';
import { describeMachine, formatMs, formatRate, writeSections } from './report.js';
import { readVm, RssSampler } from './rss.js';
import { runWorkload, type Invoke } from './runner.js';
import { countPerWindow, rssTrend, summarize, type RssSample, type RssTrend } from './stats.js';
import { gatehouseSpec, launchServer, REPO_ROOT, type McpTarget } from './servers.js';
import { prepareWorkspace } from './workspace.js';

const MB = 1024 * 1024;
const MAX_ERROR_RATE = 0.001;
const RSS_GOAL_MB = 150;

/** The mix: each cheap call Gatehouse offers, round robin; list_allowed_directories if it offers none. */
function loadMix(gatehouse: McpTarget, calls: ReadonlyArray<{ label: string; tool: string; args: ArgsFor }>) {
  const all = calls.map(({ label, tool, args }) => ({ label, contender: mcpContender(gatehouse, tool, args) }));
  const skipped = all.flatMap(({ contender }) => ('skipped' in contender ? [contender.skipped] : []));
  let live = all.filter(
    (call): call is { label: string; contender: Extract<Contender, { invoke: Invoke }> } => 'invoke' in call.contender,
  );
  if (live.length === 0) {
    skipped.push('no file or database tool offered yet: the mix falls back to list_allowed_directories');
    const fallback = mcpContender(gatehouse, 'list_allowed_directories', () => ({}));
    if ('invoke' in fallback) live = [{ label: 'list_allowed_directories', contender: fallback }];
  }
  const invoke: Invoke = (i) => live[i % live.length]!.contender.invoke(Math.floor(i / live.length));
  return { labels: live.map((call) => call.label), skipped, invoke };
}

/** RSS samples of the measured window, times relative to its start. */
function windowSamples(samples: readonly RssSample[], fromMs: number): RssSample[] {
  return samples.filter((s) => s.atMs >= fromMs).map((s) => ({ atMs: s.atMs - fromMs, rssBytes: s.rssBytes }));
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  const machine = describeMachine();
  const kind = options.soak ? 'soak' : 'load';
  const what = options.soak
    ? `${formatRate(options.rate)} calls/s (at most ${options.concurrency} in flight) for ${options.seconds} s`
    : `${options.concurrency.toLocaleString('en-US')} calls in flight for ${options.seconds} s`;
  console.log(`Gatehouse ${kind}: ${what}\n${machine}`);
  const ws = prepareWorkspace();
  const sampler = new RssSampler(250);
  const gatehouse = await launchServer(
    gatehouseSpec({ home: ws.home, roots: [ws.tree], databases: { [DATABASE_NAME]: ws.database } }),
  );
  try {
    sampler.track(gatehouse.pid);
    // The database workers are processes of their own: a leak there would not show in the server's RSS.
    sampler.trackChildren(gatehouse.pid);
    const mix = loadMix(gatehouse, [
      ...Object.entries(cheapFileCalls(ws.tree, ws.plan)).map(([tool, args]) => ({ label: tool, tool, args })),
      { label: 'read_query (point lookup)', tool: 'read_query', args: gatehousePointLookup },
    ]);
    for (const line of mix.skipped) console.log(line);
    const result = await runWorkload(mix.invoke, {
      concurrency: options.concurrency,
      warmupCalls: options.soak ? options.rate * 10 : 5 * options.concurrency,
      seconds: options.seconds,
      minCalls: 0,
      ...(options.soak ? { ratePerSecond: options.rate } : {}),
    });
    sampler.sample();
    const fromMs = sampler.now() - result.elapsedMs;
    const rss = windowSamples(sampler.samples(gatehouse.pid), fromMs);
    const workerRss = windowSamples(sampler.childSamples(gatehouse.pid), fromMs);
    const summary = summarize(result.latenciesMs, result.elapsedMs, result.failedAtMs.length);
    const errorRate = summary.calls ? summary.errors / summary.calls : 0;
    const hwmMb = (readVm(gatehouse.pid, 'VmHWM') ?? Number.NaN) / MB;
    // Judge the trend after start-up: the first minute, or the first fifth of a shorter run.
    const judgeFromMs = Math.min(60_000, result.elapsedMs / 5);
    const trend = rssTrend(rss, judgeFromMs);
    const workerTrend = rssTrend(workerRss, judgeFromMs);
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    const verdictOf = (t: RssTrend) =>
      Number.isFinite(t.growthMb) ? (t.flat ? 'flat ✓' : 'grows ✗') : 'too few samples to judge';
    const trendText = (t: RssTrend) =>
      `${t.slopeMbPerMinute >= 0 ? '+' : ''}${t.slopeMbPerMinute.toFixed(2)} MB/min ` +
      `(fitted growth ${t.growthMb.toFixed(1)} MB, r² ${t.r2.toFixed(2)}, ${t.samples} samples): ${verdictOf(t)}`;

    const windowMs = options.seconds >= 300 ? 30_000 : 5_000;
    // A last window shorter than half a window holds only the calls still in flight at the end: left out.
    const windows = countPerWindow(result.endsAtMs, result.failedAtMs, windowMs).filter(
      (w) => result.elapsedMs - w.fromMs >= windowMs / 2,
    );
    const timeline = windows.map((w) => {
      const spanMs = Math.min(windowMs, result.elapsedMs - w.fromMs);
      const maxMb = (samples: readonly RssSample[]) => {
        const inWindow = samples.filter((s) => s.atMs >= w.fromMs && s.atMs < w.fromMs + windowMs);
        return inWindow.length ? (Math.max(...inWindow.map((s) => s.rssBytes)) / MB).toFixed(0) : '';
      };
      const rate = formatRate((w.calls * 1000) / spanMs);
      return `| ${(w.fromMs / 1000).toFixed(0)} | ${rate} | ${w.errors} | ${maxMb(rss)} | ${maxMb(workerRss)} |`;
    });
    const first = rss[0]?.rssBytes ?? Number.NaN;
    const last = rss.at(-1)?.rssBytes ?? Number.NaN;
    const body = [
      `### ${options.soak ? 'Soak' : 'Load'}: ${what}`,
      '',
      `_${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${machine}_`,
      '',
      `- One Gatehouse server (the built \`dist/server/main.js\`), one lean JSON-RPC client over stdio (\`bench/rpc-client.ts\`); calls round robin: ${mix.labels.join(', ')}.`,
      ...mix.skipped.map((line) => `- ${line}`),
      '',
      '| calls | errors | error rate | calls/s | p50 ms | p95 ms | p99 ms | RSS start MB | RSS end MB | peak RSS MB (VmHWM) |',
      '|---|---|---|---|---|---|---|---|---|---|',
      `| ${summary.calls.toLocaleString('en-US')} | ${summary.errors} | ${(errorRate * 100).toFixed(3)}% | ${formatRate(summary.callsPerSecond)} | ${formatMs(summary.p50Ms)} | ${formatMs(summary.p95Ms)} | ${formatMs(summary.p99Ms)} | ${(first / MB).toFixed(0)} | ${(last / MB).toFixed(0)} | ${hwmMb.toFixed(0)} |`,
      '',
      `Error rate < ${MAX_ERROR_RATE * 100}% ${mark(errorRate < MAX_ERROR_RATE)} · peak RSS < ${RSS_GOAL_MB} MB ${mark(hwmMb < RSS_GOAL_MB)} · ` +
        `RSS trend after ${(judgeFromMs / 1000).toFixed(0)} s: server ${trendText(trend)} · database workers (summed) ${trendText(workerTrend)}`,
      ...(result.failures.length ? ['', 'Errors seen:', ...result.failures.map((f) => `- ${f}`)] : []),
      '',
      '| t s | calls/s | errors | server RSS MB (max) | database workers RSS MB (max, summed) |',
      '|---|---|---|---|---|',
      ...timeline,
    ].join('\n');
    console.log(`\n${body}`);
    if (options.write) {
      writeSections(path.join(REPO_ROOT, 'BENCHMARKS.md'), new Map([[kind, body]]));
      console.log('wrote BENCHMARKS.md');
    }
  } finally {
    sampler.stop();
    await gatehouse.close();
    ws.cleanup();
  }
}

await main();
