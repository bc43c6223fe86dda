/**
 * Release smoke test: starts the server from a packaged app exactly as the Claude Desktop entry does
 * (the app's executable, ELECTRON_RUN_AS_NODE=1, the unpacked server script), connects an MCP client,
 * lists the tools and makes one call. Usage: node dist/scripts/ship/smoke-packaged.js RELEASE_DIR
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** The unpacked app electron-builder leaves in the release folder for this machine's OS and architecture. */
export function packagedApp(release: string, platform = process.platform, arch = process.arch) {
  if (platform === 'darwin') {
    const app = path.join(release, arch === 'arm64' ? 'mac-arm64' : 'mac', 'Gatehouse.app', 'Contents');
    return { executable: path.join(app, 'MacOS', 'Gatehouse'), resources: path.join(app, 'Resources') };
  }
  if (platform === 'win32') {
    const dir = path.join(release, arch === 'arm64' ? 'win-arm64-unpacked' : 'win-unpacked');
    return { executable: path.join(dir, 'Gatehouse.exe'), resources: path.join(dir, 'resources') };
  }
  const dir = path.join(release, arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked');
  return { executable: path.join(dir, 'gatehouse'), resources: path.join(dir, 'resources') };
}

async function main(): Promise<void> {
  const { executable, resources } = packagedApp(path.resolve(process.argv[2] ?? 'release'));
  const script = path.join(resources, 'app.asar.unpacked', 'dist', 'server', 'main.js');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-smoke-'));
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-smoke-dir-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const transport = new StdioClientTransport({
    command: executable,
    args: [script, shared],
    env: { ...env, ELECTRON_RUN_AS_NODE: '1', GATEHOUSE_HOME: home },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'gatehouse-smoke', version: '1.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const result = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
  await client.close();
  if (result.isError || tools.length === 0) throw new Error(`smoke test failed: ${JSON.stringify(result)}`);
  process.stdout.write(`ok: ${executable} served ${tools.length} tools as Node\n`);
}

// Runs when started as a script; the packaging test imports packagedApp() only.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
