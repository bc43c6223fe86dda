/**
 * MCP roots from the client (issue 3, item 7). A client may offer roots; they only ever NARROW what
 * the policy grants (the sandbox intersects them with the policy's roots), never widen it. An empty
 * list, or a client without the roots capability, leaves the policy as it is. What was applied is
 * logged each time the client's roots change.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { RootsListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type winston from 'winston';
import type { Policy } from './policy/schema.js';
import type { FileSandbox, Narrowing } from './sandbox/index.js';

/** The client's roots as they bear on calls. */
export interface ClientRoots {
  /** The policy a call sees: the snapshot narrowed to the client's roots, if it offered any. */
  policyFor(base: Policy): Promise<Policy>;
  /** Asks the client for its roots again (after initialize; roots/list_changed does it on its own). */
  refresh(): Promise<void>;
}

/** How long a call waits for the client's answer to roots/list before the policy alone applies. */
const LIST_ROOTS_TIMEOUT_MS = 5000;

/** The local path of a `file:` root URI, or null for anything else. */
export function rootUriToPath(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? path.resolve(fileURLToPath(url)) : null;
  } catch {
    return null;
  }
}

/** Follows the client's roots on `server`. */
export function attachClientRoots(deps: {
  server: Server;
  files: FileSandbox;
  log: winston.Logger;
  /** Called when the roots in force may have changed. */
  onChange?: () => void;
}): ClientRoots {
  const { server, log } = deps;
  /** Null: no narrowing. */
  let roots: readonly string[] | null = null;
  let loading: Promise<void> = Promise.resolve();
  const logged = new WeakSet<Narrowing>();

  const load = async () => {
    if (!server.getClientCapabilities()?.roots) return;
    try {
      const answer = await server.listRoots(undefined, { timeout: LIST_ROOTS_TIMEOUT_MS });
      const paths = answer.roots.map((root) => rootUriToPath(root.uri));
      const refused = answer.roots.filter((_, i) => paths[i] === null).map((root) => root.uri);
      if (refused.length > 0) log.warn('client roots that are not local folders were ignored', { refused });
      roots = answer.roots.length === 0 ? null : Object.freeze(paths.filter((p): p is string => p !== null));
      if (roots === null) log.info('the client offered no roots: the policy roots apply');
    } catch (error) {
      roots = null;
      log.warn('the client did not list its roots: the policy roots apply', { error: String(error) });
    }
    deps.onChange?.();
  };

  server.setNotificationHandler(RootsListChangedNotificationSchema, () => {
    loading = load();
  });

  return {
    refresh() {
      loading = load();
      return loading;
    },
    async policyFor(base) {
      // Security: calls wait for the client's roots, so none runs with wider roots than the client allows.
      await loading;
      if (roots === null) return base;
      const narrowing = await deps.files.narrow(base, roots);
      if (!logged.has(narrowing)) {
        logged.add(narrowing);
        log.info('client roots applied', { offered: roots, applied: narrowing.applied, dropped: narrowing.dropped });
      }
      return narrowing.policy;
    },
  };
}
