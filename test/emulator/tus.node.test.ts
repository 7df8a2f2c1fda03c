import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as tus from 'tus-js-client';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';

describe('emulator: native tus endpoint', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should take a tus upload in chunks and store it byte-identical', async () => {
    const data = randomBytes(300_000);
    const url = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(data, {
        endpoint: `${emu.url}/tus/`,
        chunkSize: 64 * 1024,
        metadata: { filename: 'tus.bin' },
        onError: reject,
        onSuccess: () => resolve(upload.url!),
      });
      upload.start();
    });
    const id = url.split('/').pop()!;
    assert.equal(await emu.tusSha256(id), createHash('sha256').update(data).digest('hex'));
  });

  it('should answer CORS for a page on another origin', async () => {
    const r = await fetch(`${emu.url}/tus/`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://customer.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(r.headers.get('Access-Control-Allow-Origin'), 'https://customer.example');
    assert.match(r.headers.get('Access-Control-Expose-Headers') ?? '', /Upload-Offset/i);
  });
});
