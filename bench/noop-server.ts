/**
 * A bare SDK server with one tool that does nothing: how many calls per second the protocol itself
 * allows (SDK client, stdio, JSON-RPC, SDK server) on this machine, the ceiling for every other server.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'noop', version: '1.0.0' });
server.registerTool('noop', { description: 'Does nothing and answers "ok".' }, async () => ({
  content: [{ type: 'text', text: 'ok' }],
}));
await server.connect(new StdioServerTransport());
