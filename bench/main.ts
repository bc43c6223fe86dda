/**
 * `npm run bench`: Gatehouse side by side with the reference filesystem server, grep, a published npm
 * SQLite MCP server and a bare SDK server, in one run. `--only`, `--quick`, `--write`, `--client`: see
 * options.ts.
 */
import path from 'node:path';
import { baselineScenarios, baselineSectionNotes } from './baseline.js';
import { runScenario, type Row, type Scenario } from './compare.js';
import { databaseScenarios, databaseSectionNotes, DATABASE_NAME, poolOverheadNote } from './db.js';
import { fileScenarios, fileSectionNotes } from './files.js';
import { parseBenchOptions, type BenchOptions, type SectionId } from './options.js';
import { describeMachine, renderTable, tallyGoals, writeSections } from './report.js';
import { readVm, RssSampler } from './rss.js';
import * as servers from './servers.js';
import { describeTree, prepareWorkspace, type Workspace } from './workspace.js';

const RSS_GOAL_MB = 150;
const TITLES: Record<SectionId, string> = { baseline: 'Protocol ceiling', files: 'File tools', db: 'SQLite tools' };
const CLIENTS: Record<servers.ClientKind, string> = {
  lean: "the lean JSON-RPC client of `bench/rpc-client.ts` (`--client sdk` for the SDK's `Client`)",
  sdk: "the MCP SDK's `Client`, which validates every message and structuredContent (`--client sdk`)",
};

/** A section to run: its scenarios and the notes that say what they measure. */
interface SectionPlan {
  id: SectionId;
  scenarios: Scenario[];
  notes: string[];
}

/** Starts the servers the chosen sections need (Gatehouse always) and plans the sections. */
async function planSections(
  options: BenchOptions,
  ws: Workspace,
  launch: (spec: servers.LaunchSpec) => Promise<servers.McpTarget>,
): Promise<SectionPlan[]> {
  const wants = (id: SectionId) => options.sections.includes(id);
  const databases = { [DATABASE_NAME]: ws.database };
  const gatehouse = await launch(servers.gatehouseSpec({ home: ws.home, roots: [ws.tree], databases }));
  const plans: SectionPlan[] = [];
  const reference = wants('files') || wants('baseline') ? await launch(servers.referenceSpec(ws.tree)) : undefined;
  if (wants('baseline') && reference) {
    const bare = await launch(servers.noopSpec());
    plans.push({
      id: 'baseline',
      scenarios: baselineScenarios(bare, [gatehouse, reference]),
      notes: baselineSectionNotes(),
    });
  }
  if (wants('files') && reference) {
    const notes = [`Tree: ${describeTree(ws)}.`, ...fileSectionNotes(ws.tree, ws.plan)];
    plans.push({ id: 'files', scenarios: fileScenarios(gatehouse, reference, ws.tree, ws.plan), notes });
  }
  if (wants('db')) {
    const peer = await launch(servers.sqlitePeerSpec(ws.database));
    const notes = databaseSectionNotes(servers.packageVersion(servers.SQLITE_PEER));
    plans.push({ id: 'db', scenarios: databaseScenarios(gatehouse, peer), notes });
  }
  return plans;
}

/** The lines under every section: each server's peak RSS, and protocol errors where a server had any. */
function serverNotes(running: readonly servers.McpTarget[]): string[] {
  const peakMb = (t: servers.McpTarget) => (readVm(t.pid, 'VmHWM') ?? Number.NaN) / 2 ** 20;
  const gatehouse = running.find((t) => t.name === 'gatehouse');
  const ok = gatehouse !== undefined && peakMb(gatehouse) < RSS_GOAL_MB;
  const lines = [
    `Peak RSS over the run (VmHWM): ${running.map((t) => `${t.name} ${peakMb(t).toFixed(0)} MB`).join(', ')}. ` +
      `Gatehouse < ${RSS_GOAL_MB} MB ${ok ? '✓' : '✗'}`,
  ];
  for (const t of running.filter((t) => t.protocolErrors() > 0)) {
    lines.push(
      `${t.name}: the client skipped ${t.protocolErrors().toLocaleString('en-US')} stdout lines that were not JSON-RPC.`,
    );
  }
  return lines;
}

/** Lines a section computes from its own rows, after its table. */
function derivedNotes(section: SectionId, rows: readonly Row[]): string[] {
  const note = section === 'db' ? poolOverheadNote(rows) : null;
  return note ? [note] : [];
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const machine = describeMachine();
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const quick = options.quick ? ' · **--quick smoke run, not a measurement**' : '';
  console.log(`Gatehouse benchmark${quick}\n${machine}\nclient: ${CLIENTS[options.client]}`);
  const ws = prepareWorkspace();
  const sampler = new RssSampler();
  const running: servers.McpTarget[] = [];
  const launch = async (spec: servers.LaunchSpec) => {
    const target = await servers.launchServer(spec, options.client);
    running.push(target);
    sampler.track(target.pid);
    return target;
  };
  try {
    const plans = await planSections(options, ws, launch);
    const results = new Map<SectionId, Row[]>();
    for (const plan of plans) {
      const rows: Row[] = [];
      for (const scenario of plan.scenarios) {
        rows.push(...(await runScenario(plan.id, scenario, options.concurrencies, options.timing, sampler)));
      }
      results.set(plan.id, rows);
    }
    // The bare SDK server's rate at each concurrency: the ceiling every cheap call is compared with.
    const ceiling = new Map<number, number>();
    for (const row of results.get('baseline') ?? []) {
      if (row.contender === row.versus && row.summary) ceiling.set(row.concurrency, row.summary.callsPerSecond);
    }
    const footer = serverNotes(running);
    const bodies = new Map<string, string>();
    for (const plan of plans) {
      const rows = results.get(plan.id) ?? [];
      const notes = plan.notes.map((note) => `- ${note}`);
      const body = [
        `### ${TITLES[plan.id]}`,
        '',
        `_${date} · ${machine}${quick}_`,
        '',
        `- Client: ${CLIENTS[options.client]}.`,
        ...notes,
        '',
        renderTable(rows, ceiling),
        '',
        ...derivedNotes(plan.id, rows),
        ...footer,
      ];
      bodies.set(plan.id, body.join('\n'));
      console.log(`\n${body.join('\n')}`);
    }
    const tally = tallyGoals([...results.values()].flat());
    console.log(
      `\nGoals: ${tally.met} met, ${tally.missed.length} missed, ${tally.unjudged} not judged (a side skipped or failed).`,
    );
    for (const miss of tally.missed) console.log(`  missed: ${miss}`);
    if (options.write) {
      writeSections(path.join(servers.REPO_ROOT, 'BENCHMARKS.md'), bodies);
      console.log('wrote BENCHMARKS.md');
    }
  } finally {
    sampler.stop();
    await Promise.allSettled(running.map((target) => target.close()));
    ws.cleanup();
  }
}

await main();
