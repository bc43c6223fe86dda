#!/usr/bin/env node
/**
 * The entry point of the Claude Desktop extension (.mcpb): rewrites the extension's arguments into the
 * server's (bundle-args.ts), then runs the server itself in this process.
 */
import { serverArgsFromBundle } from './bundle-args.js';

process.argv = [...process.argv.slice(0, 2), ...serverArgsFromBundle(process.argv.slice(2))];
await import('./main.js');
