import { z } from 'zod';
import { defineTool } from './define-tool.js';

/** list_allowed_directories: the roots in force and their access. */
export const listAllowedDirectories = defineTool({
  name: 'list_allowed_directories',
  description:
    'List the folders this server may use, each with its access (read or write). Paths outside them are refused.',
  input: z.object({}),
  output: z.object({
    directories: z.array(z.object({ path: z.string(), access: z.enum(['read', 'write']) })),
  }),
  async handle(_args, ctx) {
    const directories = ctx.policy.roots.map((root) => ({ path: root.path, access: root.access }));
    const text =
      directories.length === 0
        ? 'No allowed directories: add folders in the Gatehouse policy.'
        : `Allowed directories:\n${directories.map((d) => `${d.path} (${d.access})`).join('\n')}`;
    return { data: { directories }, text };
  },
});
