import { describe, expect, it } from 'vitest';
import { auditJson, type AuditRecord } from '../../server/logging.js';

const STAMP = JSON.stringify({ pid: 42, version: '1.2.3' }).slice(1, -1);

describe('auditJson()', () => {
  it('writes every field of a full record, as JSON.stringify would', () => {
    const record: Required<AuditRecord> = {
      tool: 'read_query',
      decision: 'refused',
      code: 'ACCESS_DENIED',
      durationMs: 0.125,
      paths: ['/a/b.txt', '/c'],
      database: 'main',
      statementKind: 'SELECT',
      resultBytes: 812,
    };
    const parsed = JSON.parse(auditJson(STAMP, record, { name: 'claude-ai', version: '0.9' }));
    expect(parsed).toEqual({
      pid: 42,
      version: '1.2.3',
      kind: 'audit',
      ...record,
      client: 'claude-ai',
      clientVersion: '0.9',
      level: 'info',
      message: 'tool call',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('leaves out what is undefined and keeps a hostile path inside its string', () => {
    const hostile = '/x/"}\n{"kind":"audit","decision":"allowed\u2028\\';
    const line = auditJson('', { tool: 'read_text_file', decision: 'refused', durationMs: 1, paths: [hostile] });
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(parsed.paths).toEqual([hostile]);
    expect(parsed.decision).toBe('refused');
    expect(Object.keys(parsed)).toEqual([
      'kind',
      'tool',
      'decision',
      'durationMs',
      'paths',
      'level',
      'message',
      'timestamp',
    ]);
  });

  it('stamps the time of the call', () => {
    const before = Date.now();
    const { timestamp } = JSON.parse(auditJson('', { tool: 't', decision: 'allowed', durationMs: 0 }));
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(timestamp)).toBeLessThanOrEqual(Date.now());
  });
});
