/**
 * The long-lived dependencies a tool handler receives. Built once per server process by main (or by a
 * test) and passed to createServer(); tools never reach for globals.
 */
import type { DatabaseService } from './sandbox/database/service.js';
import type { FileSandbox } from './sandbox/index.js';

/** Dependencies shared by every tool call of one server. */
export interface Services {
  /** `GATEHOUSE_HOME`, for the trash and run-time files. */
  readonly home: string;
  /** Every file operation, checked against the policy snapshot of the call. */
  readonly files: FileSandbox;
  /** The SQLite databases of the policy, served by worker processes. */
  readonly databases: DatabaseService;
}
