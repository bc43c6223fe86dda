import { z } from 'zod';
import { defineTool } from './define-tool.js';

/** list_databases: the databases of the policy, by name, with their access. */
export const listDatabases = defineTool({
  name: 'list_databases',
  description:
    'List the SQLite databases this server may use, each with its access (read or write). The other ' +
    'database tools take one of these names; no other database can be reached.',
  input: z.object({}),
  output: z.object({
    databases: z.array(z.object({ name: z.string(), access: z.enum(['read', 'write']) })),
  }),
  async handle(_args, ctx) {
    const databases = ctx.policy.databases.map((db) => ({ name: db.name, access: db.access }));
    const text =
      databases.length === 0
        ? 'No databases: add SQLite files to the Gatehouse policy.'
        : `Databases:\n${databases.map((db) => `${db.name} (${db.access})`).join('\n')}`;
    return { data: { databases }, text };
  },
});
