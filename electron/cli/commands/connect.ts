/** `gatehouse connect ...`: the Claude Desktop entry, and snippets for other clients. */
import path from 'node:path';
import { ClaudeDesktop } from '../../core/claude-desktop.js';
import { clientSnippet, SNIPPET_CLIENTS, type SnippetClient } from '../../core/client-snippets.js';
import { expectPositionals, parseCommandArgs, UsageError, type CliCommand } from '../command.js';

/** The connect command. */
export const connectCommand: CliCommand = {
  name: 'connect',
  usage: [
    'gatehouse connect claude [--config FILE] [--remove] [--dry-run]',
    'gatehouse connect --print claude-code|cursor|vscode',
  ],
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      config: { type: 'string' },
      remove: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      print: { type: 'string' },
    });
    const core = context.core();
    if (values.print !== undefined) {
      if (!(SNIPPET_CLIENTS as readonly string[]).includes(values.print)) {
        throw new UsageError(`--print takes one of ${SNIPPET_CLIENTS.join(', ')}`);
      }
      expectPositionals(positionals, 0, 'no client name besides --print');
      const snippet = clientSnippet(values.print as SnippetClient, core.launch);
      return { value: snippet, text: `# ${snippet.title}: ${snippet.where}\n${snippet.text}` };
    }
    expectPositionals(positionals, 1, 'a client: claude');
    if (positionals[0] !== 'claude') throw new UsageError(`unknown client "${positionals[0]}"; see --print for others`);
    const claude = values.config
      ? new ClaudeDesktop(
          {
            configFile: path.resolve(context.io.cwd, values.config),
            installMarkers: [path.dirname(path.resolve(context.io.cwd, values.config))],
          },
          core.launch,
        )
      : core.claude;
    const dryRun = values['dry-run'] ?? false;
    const change = values.remove ? await claude.remove({ dryRun }) : await claude.connect({ dryRun });
    const lines: string[] = [];
    if (dryRun)
      lines.push(`Dry run: ${change.configFile} would ${change.changed ? 'become' : 'stay'}:`, change.text.trimEnd());
    else if (!change.changed)
      lines.push(
        values.remove ? 'Gatehouse was not in the Claude Desktop config.' : 'Claude Desktop is already connected.',
      );
    else {
      lines.push(`${values.remove ? 'Removed Gatehouse from' : 'Connected Gatehouse in'} ${change.configFile}.`);
      if (change.backupFile) lines.push(`Backup of the previous file: ${change.backupFile}`);
      lines.push('Restart Claude Desktop to pick up the change.');
    }
    if (!values.config && !values.remove && !(await claude.status()).installed) {
      context.io.stderr.write('gatehouse: Claude Desktop does not look installed on this machine.\n');
    }
    return { value: change, text: lines.join('\n') };
  },
};
