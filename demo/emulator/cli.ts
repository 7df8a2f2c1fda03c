/**
 * `npm run emulator [-- --port N --seed file.json --data dir --log]`: a Quatrix site on 127.0.0.1.
 * The port also comes from QUATRIX_EMULATOR_PORT; default 8787.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSeed, QuatrixEmulator } from './index.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    data: { type: 'string' },
    log: { type: 'boolean', default: false },
    'session-ttl': { type: 'string' },
  },
});

const port = Number(values.port ?? process.env.QUATRIX_EMULATOR_PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.QUATRIX_EMULATOR_PORT}`);
  process.exit(2);
}
const ttl = values['session-ttl'] === undefined ? undefined : Number(values['session-ttl']);
if (ttl !== undefined && !(Number.isFinite(ttl) && ttl > 0)) {
  console.error(`Invalid --session-ttl: ${values['session-ttl']} (seconds > 0)`);
  process.exit(2);
}
const emulator = await QuatrixEmulator.start({
  seed: loadSeed(values.seed ?? path.join(here, '..', 'seed.json')),
  port,
  ...(values.data ? { dataDir: values.data } : {}),
  ...(ttl !== undefined ? { sessionTtlMs: ttl * 1000 } : {}),
  log: values.log,
});
console.log(`Quatrix emulator listening on ${emulator.url}`);
const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
