/** Plain-text rendering of core results for the terminal. Pure: strings in, strings out. */
import type { HealthSnapshot } from '../core/health-monitor.js';
import type { LogEntry } from '../core/log-entry.js';
import type { PolicyStatus } from '../core/policy-store.js';
import type { SelfTestReport } from '../core/self-test.js';

/** The policy as a person reads it. */
export function formatPolicy(status: PolicyStatus): string {
  const lines = [`Policy file: ${status.file} (${status.state})`];
  if (status.state === 'invalid') {
    lines.push('Problems (running servers keep their last valid policy):');
    for (const issue of status.issues) lines.push(`  ${issue.field || '(file)'}: ${issue.message}`);
    return lines.join('\n');
  }
  const { policy } = status;
  lines.push(`Paused: ${policy.paused ? 'yes, every tool call is refused' : 'no'}`);
  lines.push(`Folders:${policy.roots.length ? '' : ' none'}`);
  for (const root of policy.roots) lines.push(`  ${root.access.padEnd(5)} ${root.path}`);
  lines.push(`Databases:${policy.databases.length ? '' : ' none'}`);
  for (const db of policy.databases) lines.push(`  ${db.access.padEnd(5)} ${db.name} = ${db.path}`);
  const off = Object.entries(policy.tools)
    .filter(([, on]) => on === false)
    .map(([name]) => name);
  lines.push(`Tools switched off: ${off.length ? off.join(', ') : 'none'}`);
  lines.push(`Hidden: ${policy.deny.join(', ') || 'nothing'}`);
  lines.push(
    `Limits: ${Object.entries(policy.limits)
      .map(([key, value]) => `${key}=${value}`)
      .join(' ')}`,
  );
  return lines.join('\n');
}

/** Every instance and its health. */
export function formatHealth(snapshot: HealthSnapshot): string {
  const count = snapshot.instances.length;
  const head =
    count === 0
      ? 'No Gatehouse server is running.'
      : `Gatehouse: ${snapshot.overall} (${count} server${count === 1 ? '' : 's'})`;
  const lines = [snapshot.paused ? `${head} - PAUSED: every tool call is refused` : head];
  for (const view of snapshot.instances) {
    const { instance } = view;
    const client = instance.client ? `${instance.client.name} ${instance.client.version}` : 'no client yet';
    lines.push(
      `  pid ${instance.pid}  ${client}  since ${instance.startedAt}  ${view.status}  ${view.totals.calls} calls, ${view.totals.refusals} refused`,
    );
    if (view.problem) lines.push(`    ! ${view.problem}`);
    for (const check of view.health?.checks ?? []) {
      if (check.status !== 'healthy') lines.push(`    ! ${check.name}: ${check.status}: ${check.message}`);
    }
  }
  return lines.join('\n');
}

/** One log line for the terminal. */
export function formatLogEntry(entry: LogEntry): string {
  const head = `${entry.timestamp} ${entry.level.padEnd(5)} [${entry.pid ?? '-'}]`;
  if (entry.kind === 'audit') {
    const target = entry.paths?.join(' ') ?? (entry.database ? `${entry.database} ${entry.statementKind ?? ''}` : '');
    const outcome = entry.decision === 'refused' ? `refused ${entry.code ?? ''}` : 'allowed';
    return `${head} ${entry.tool} ${outcome} ${entry.durationMs ?? 0}ms ${target}`.trimEnd();
  }
  const details = Object.entries(entry.details)
    .map(([key, value]) => `${key}=${value.length > 200 ? `${value.slice(0, 200)}…` : value}`)
    .join(' ');
  return `${head} ${entry.message}${details ? ` ${details}` : ''}`;
}

/** The self-test steps. */
export function formatSelfTest(report: SelfTestReport): string {
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  const lines = [`Launch: ${report.launch.command} ${report.launch.args.join(' ')}`];
  for (const step of report.steps)
    lines.push(
      `  ${mark[step.status]} ${step.name.padEnd(26)} ${String(step.durationMs).padStart(6)} ms  ${step.detail}`,
    );
  lines.push(report.ok ? 'Self-test passed.' : 'Self-test failed.');
  if (report.stderrTail) lines.push('Server stderr (end):', report.stderrTail.trimEnd());
  return lines.join('\n');
}
