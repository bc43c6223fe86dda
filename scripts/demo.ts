/**
 * `npm run demo`: sets up a sample workspace under GATEHOUSE_HOME, starts the built server the way
 * Claude Desktop would, drives it with a real MCP client, and prints the config entry to paste.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import Database from 'better-sqlite3';
import { defaultHome } from '../server/config.js';

const serverEntry = path.resolve(import.meta.dirname, '../server/main.js');
const home = path.resolve(process.env.GATEHOUSE_HOME ?? defaultHome(process.platform, process.env, os.homedir()));
const workspace = path.join(home, 'demo-workspace');
const policyFile = path.join(home, 'policy.json');
const sampleDb = path.join(workspace, 'shop.db');

const SAMPLE_FILES: Record<string, string> = {
  'README.md': '# Demo workspace\n\nA few files Gatehouse shares with your AI client.\n',
  'notes/ideas.md': '- Try Gatehouse with Claude Desktop\n- Share only the folders you mean to\n',
  'notes/todo.txt': 'buy milk\nwrite the report\ncall Ana\n',
  'src/hello.ts': 'export const hello = (name: string) => `Hello, ${name}!`;\n',
  '.env': 'API_KEY=this-line-is-hidden-by-the-deny-rules\n',
};

/** A small SQLite database for the database tools (never overwritten). */
function createSampleDatabase(): void {
  if (fs.existsSync(sampleDb)) return;
  const db = new Database(sampleDb);
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), total REAL);
    INSERT INTO customers (name, email) VALUES ('Ana', 'ana@example.com'), ('Bo', 'bo@example.com'), ('Cy', NULL);
    INSERT INTO orders (customer_id, total) VALUES (1, 12.5), (1, 30), (2, 7.25), (3, 99.9);
  `);
  db.close();
}

/** Creates the sample files and database (never overwriting) and a policy if there is none. */
function prepareWorkspace(): { createdPolicy: boolean } {
  for (const [name, content] of Object.entries(SAMPLE_FILES)) {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, content);
  }
  createSampleDatabase();
  if (fs.existsSync(policyFile)) return { createdPolicy: false };
  const policy = {
    version: 1,
    roots: [{ path: workspace, access: 'write' }],
    databases: [{ name: 'shop', path: sampleDb, access: 'read' }],
  };
  fs.writeFileSync(policyFile, JSON.stringify(policy, null, 2) + '\n', { mode: 0o600 });
  return { createdPolicy: true };
}

/** The calls the demo makes, each only if the server offers the tool. */
const DEMO_CALLS: Array<{ name: string; args: Record<string, unknown> }> = [
  { name: 'list_allowed_directories', args: {} },
  { name: 'list_directory', args: { path: workspace } },
  { name: 'read_text_file', args: { path: path.join(workspace, 'notes', 'todo.txt'), head: 2 } },
  { name: 'search_file_contents', args: { path: workspace, query: 'Gatehouse' } },
  { name: 'read_text_file', args: { path: path.join(workspace, '.env') } },
  { name: 'read_text_file', args: { path: '/etc/passwd' } },
  { name: 'list_databases', args: {} },
  { name: 'list_tables', args: { database: 'shop', rowCounts: true } },
  {
    name: 'read_query',
    args: {
      database: 'shop',
      sql: 'SELECT c.name, count(o.id) AS orders, sum(o.total) AS spent FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id ORDER BY spent DESC',
    },
  },
];

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

async function main(): Promise<void> {
  const { createdPolicy } = prepareWorkspace();
  console.log(`Gatehouse home: ${home}`);
  console.log(createdPolicy ? `Created ${policyFile} sharing ${workspace}` : `Using your existing ${policyFile}`);

  const env = { ...process.env, GATEHOUSE_HOME: home } as Record<string, string>;
  // With an existing policy, the sample folder is shared for this run only, as a positional DIR.
  const args = createdPolicy ? [serverEntry] : [serverEntry, workspace];
  const transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: 'inherit' });
  const client = new Client({ name: 'gatehouse-demo', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  console.log(`\nThe server offers ${tools.length} tools: ${tools.map((t) => t.name).join(', ')}\n`);

  const offered = new Set(tools.map((t) => t.name));
  for (const call of DEMO_CALLS.filter((c) => offered.has(c.name))) {
    const result = await client.callTool({ name: call.name, arguments: call.args });
    const text = (result.content as Array<{ type: string; text?: string }>)
      .map((block) => block.text ?? `[${block.type}]`)
      .join('\n');
    console.log(`> ${call.name} ${JSON.stringify(call.args)}${result.isError ? '  (refused)' : ''}`);
    console.log(indent(text.length > 600 ? `${text.slice(0, 600)}…` : text) + '\n');
  }
  await client.close();

  const entry: Record<string, unknown> = { command: process.execPath, args: [serverEntry] };
  if (process.env.GATEHOUSE_HOME) entry.env = { GATEHOUSE_HOME: home };
  console.log('Add this to claude_desktop_config.json (or let `gatehouse connect claude` do it):\n');
  console.log(JSON.stringify({ mcpServers: { gatehouse: entry } }, null, 2));
}

await main();
