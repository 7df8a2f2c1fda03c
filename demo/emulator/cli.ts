/**
 * `npm run emulator [-- --port N --seed file.json --data dir --session-ttl S --chunk-order append|by-range
 * --max-chunk-bytes N --request-auth-failure STATUS:CODE --captcha-reject-status 200|401 --log]`: a
 * Quatrix site on 127.0.0.1. The port also comes from QUATRIX_EMULATOR_PORT; default 8787.
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
    'chunk-order': { type: 'string' },
    'max-chunk-bytes': { type: 'string' },
    'request-auth-failure': { type: 'string' },
    'captcha-reject-status': { type: 'string' },
  },
});

function invalid(option: string, value: string | undefined, expected: string): never {
  console.error(`Invalid --${option}: ${value} (${expected})`);
  process.exit(2);
}

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
const order = values['chunk-order'];
if (order !== undefined && order !== 'append' && order !== 'by-range')
  invalid('chunk-order', order, 'append or by-range');
const maxChunk = values['max-chunk-bytes'] === undefined ? undefined : Number(values['max-chunk-bytes']);
if (maxChunk !== undefined && !(Number.isSafeInteger(maxChunk) && maxChunk > 0))
  invalid('max-chunk-bytes', values['max-chunk-bytes'], 'bytes > 0');
const authFailure = values['request-auth-failure'];
const authMatch = authFailure === undefined ? undefined : /^([45]\d\d):(-?\d+)$/.exec(authFailure);
if (authFailure !== undefined && !authMatch)
  invalid('request-auth-failure', authFailure, 'STATUS:CODE, e.g. 401:70 or 403:72');
const captchaReject = values['captcha-reject-status'];
if (captchaReject !== undefined && captchaReject !== '200' && captchaReject !== '401')
  invalid('captcha-reject-status', captchaReject, '200 or 401');

const emulator = await QuatrixEmulator.start({
  seed: loadSeed(values.seed ?? path.join(here, '..', 'seed.json')),
  port,
  ...(values.data ? { dataDir: values.data } : {}),
  ...(ttl !== undefined ? { sessionTtlMs: ttl * 1000 } : {}),
  chunkLimits: {
    ...(order !== undefined ? { order } : {}),
    ...(maxChunk !== undefined ? { maxChunkBytes: maxChunk } : {}),
  },
  ...(authMatch ? { requestAuthFailure: { status: Number(authMatch[1]), code: Number(authMatch[2]) } } : {}),
  ...(captchaReject !== undefined ? { captchaRejectStatus: captchaReject === '401' ? 401 : 200 } : {}),
  log: values.log,
});
console.log(`Quatrix emulator listening on ${emulator.url}`);
const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
