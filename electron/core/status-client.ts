/**
 * The tray's side of a server's status listener: GET with the bearer token over loopback, a short
 * timeout, bodies parsed with the contract's schemas.
 */
import http from 'node:http';

/** An answer of the status listener. */
export interface StatusAnswer {
  status: number;
  body: string;
}

/** Bodies larger than this are not a status answer. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** GETs `path` from the listener on 127.0.0.1:`port`; rejects on a network failure or timeout. */
export function getStatus(port: number, path: string, token: string, timeoutMs = 2000): Promise<StatusAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      // Security: loopback by address only, never a name that could resolve elsewhere.
      {
        host: '127.0.0.1',
        port,
        path,
        agent: false,
        headers: { authorization: `Bearer ${token}` },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error('status answer too large'));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
