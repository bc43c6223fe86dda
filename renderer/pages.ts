/** The dashboard's pages, in navigation order. */
export const PAGES = [
  { id: 'overview', title: 'Overview' },
  { id: 'permissions', title: 'Permissions' },
  { id: 'secrets', title: 'Secrets' },
  { id: 'logs', title: 'Logs' },
  { id: 'connect', title: 'Connect' },
] as const;

/** A page id. */
export type PageId = (typeof PAGES)[number]['id'];
