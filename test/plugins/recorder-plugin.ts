import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestRunnerPlugin } from '@web/test-runner';

/** A request that reached the recorder. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  bodyBytes: number;
}

/**
 * Another origin on loopback that answers everything as permissively as it can (any origin, any header,
 * credentials; `200 {}`) and records what reached it: where a redirect must not carry anything.
 */
export function recorderPlugin(): TestRunnerPlugin {
  const running = new Map<string, { server: Server; requests: RecordedRequest[] }>();
  let next = 0;
  return {
    name: 'recorder',
    async executeCommand({ command, payload }) {
      const p = (payload ?? {}) as { id?: string };
      switch (command) {
        case 'recorder-start': {
          const requests: RecordedRequest[] = [];
          const server = createServer((req, res) => {
            let bodyBytes = 0;
            req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
            req.on('end', () => {
              requests.push({
                method: req.method ?? '',
                path: req.url ?? '',
                headers: req.headers,
                bodyBytes,
              });
              const origin = req.headers.origin;
              const cors: Record<string, string> = origin
                ? {
                    'Access-Control-Allow-Origin': origin,
                    'Access-Control-Allow-Credentials': 'true',
                    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, OPTIONS',
                    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
                    'Access-Control-Expose-Headers': 'X-Auth-Token',
                  }
                : {};
              if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
              res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
            });
          });
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          const id = String(++next);
          running.set(id, { server, requests });
          return { id, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
        }
        case 'recorder-requests':
          return running.get(String(p.id))?.requests ?? [];
        case 'recorder-stop': {
          const entry = running.get(String(p.id));
          entry?.server.closeAllConnections();
          await new Promise<void>((resolve) => (entry ? entry.server.close(() => resolve()) : resolve()));
          running.delete(String(p.id));
          return true;
        }
        default:
          return undefined;
      }
    },
    async serverStop() {
      for (const { server } of running.values()) server.close();
      running.clear();
    },
  };
}
