/** `gatehouse secrets ...`: names listed, values read from stdin (never argv, which `ps` shows). */
import { expectPositionals, parseCommandArgs, UsageError, type CliCommand, type CliIo } from '../command.js';

/** Reads a secret: typed without echo on a terminal, or piped (one trailing newline dropped). */
export async function readSecretValue(io: CliIo, name: string): Promise<string> {
  const { stdin } = io;
  if (stdin.isTTY && stdin.setRawMode) return readHidden(io, name);
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

function readHidden(io: CliIo, name: string): Promise<string> {
  const { stdin } = io;
  io.stderr.write(`Value for ${name} (not shown): `);
  stdin.setRawMode!(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode!(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The secrets command. */
export const secretsCommand: CliCommand = {
  name: 'secrets',
  usage: [
    'gatehouse secrets list [--json]                    names only',
    'gatehouse secrets set NAME                         the value is read from stdin, never from argv',
    'gatehouse secrets delete NAME',
  ],
  async run(args, context) {
    const [sub, ...rest] = args;
    const { positionals } = parseCommandArgs(rest, {});
    const secrets = context.core().secrets;
    switch (sub) {
      case 'list': {
        expectPositionals(positionals, 0, 'no arguments');
        const names = await secrets.list();
        return { value: { names }, text: names.length ? names.join('\n') : 'No secrets saved.' };
      }
      case 'set': {
        // Security: a value on the command line would sit in shell history and in every `ps` listing.
        if (positionals.length > 1) throw new UsageError('the value is read from stdin, never from the command line');
        expectPositionals(positionals, 1, 'NAME');
        const name = positionals[0]!;
        await secrets.set(name, await readSecretValue(context.io, name));
        return { value: { name, saved: true }, text: `Saved ${name} in the keychain.` };
      }
      case 'delete': {
        expectPositionals(positionals, 1, 'NAME');
        await secrets.delete(positionals[0]!);
        return { value: { name: positionals[0], deleted: true }, text: `Deleted ${positionals[0]}.` };
      }
      default:
        throw new UsageError(sub ? `unknown secrets command "${sub}"` : 'secrets needs a subcommand');
    }
  },
};
