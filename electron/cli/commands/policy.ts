/** `gatehouse policy ...`: show, validate and edit the policy file, through the same store as the tray. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '../../../server/errors.js';
import { formatPolicyIssues, parsePolicyText } from '../../../server/policy/schema.js';
import type { PolicyEdit } from '../../core/policy-edits.js';
import {
  accessOption,
  expectPositionals,
  parseCommandArgs,
  UsageError,
  type CliCommand,
  type CliContext,
  type CommandResult,
} from '../command.js';
import { formatPolicy } from '../format.js';

const USAGE = [
  'gatehouse policy show [--json]',
  'gatehouse policy validate FILE',
  'gatehouse policy add-root PATH --access read|write',
  'gatehouse policy remove-root PATH',
  'gatehouse policy add-db NAME PATH --access read|write',
  'gatehouse policy remove-db NAME',
  'gatehouse policy tool NAME on|off',
];

/** Applies one edit and reports the policy that results. */
async function edit(context: CliContext, change: PolicyEdit, done: string): Promise<CommandResult> {
  const status = await context.core().policy.edit(change);
  return { value: status, text: `${done}\n${formatPolicy(status)}` };
}

async function validate(file: string): Promise<CommandResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new GatehouseError('NOT_FOUND', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`);
  }
  const result = parsePolicyText(text);
  if (result.ok) return { value: { file, valid: true, issues: [] }, text: `${file} is a valid policy.` };
  return {
    value: { file, valid: false, issues: result.issues },
    text: result.issues.map((issue) => `${issue.field || '(file)'}: ${issue.message}`).join('\n'),
    failed: `${file} is not a valid policy: ${formatPolicyIssues(result.issues)}`,
  };
}

/** The policy command. */
export const policyCommand: CliCommand = {
  name: 'policy',
  usage: USAGE,
  async run(args, context) {
    const [sub, ...rest] = args;
    const { values, positionals } = parseCommandArgs(rest, { access: { type: 'string' } });
    const abs = (p: string) => path.resolve(context.io.cwd, p);
    const noAccess = () => {
      if (values.access !== undefined) throw new UsageError(`policy ${sub} takes no --access`);
    };
    switch (sub) {
      case 'show': {
        noAccess();
        expectPositionals(positionals, 0, 'no arguments');
        const status = await context.core().policy.read();
        return { value: status, text: formatPolicy(status) };
      }
      case 'validate':
        noAccess();
        expectPositionals(positionals, 1, 'FILE');
        return validate(abs(positionals[0]!));
      case 'add-root': {
        expectPositionals(positionals, 1, 'PATH');
        const root = abs(positionals[0]!);
        return edit(context, { kind: 'addRoot', path: root, access: accessOption(values.access) }, `Shared ${root}.`);
      }
      case 'remove-root': {
        noAccess();
        expectPositionals(positionals, 1, 'PATH');
        const root = abs(positionals[0]!);
        return edit(context, { kind: 'removeRoot', path: root }, `No longer sharing ${root}.`);
      }
      case 'add-db': {
        expectPositionals(positionals, 2, 'NAME PATH');
        const [name, file] = positionals as [string, string];
        const change: PolicyEdit = { kind: 'addDatabase', name, path: abs(file), access: accessOption(values.access) };
        return edit(context, change, `Shared database ${name}.`);
      }
      case 'remove-db':
        noAccess();
        expectPositionals(positionals, 1, 'NAME');
        return edit(
          context,
          { kind: 'removeDatabase', name: positionals[0]! },
          `No longer sharing database ${positionals[0]}.`,
        );
      case 'tool': {
        noAccess();
        expectPositionals(positionals, 2, 'NAME on|off');
        const [tool, state] = positionals as [string, string];
        if (state !== 'on' && state !== 'off') throw new UsageError('the tool state must be on or off');
        return edit(context, { kind: 'setTool', tool, enabled: state === 'on' }, `Switched ${tool} ${state}.`);
      }
      default:
        throw new UsageError(sub ? `unknown policy command "${sub}"` : 'policy needs a subcommand');
    }
  },
};
