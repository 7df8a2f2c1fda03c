import { ChunkUpload } from './chunk-upload.js';
import { QuatrixHttpStack } from './quatrix-http-stack.js';
import type { Transport } from './types.js';

/**
 * The Quatrix chunk protocol: `POST` with `Content-Range` to the upload key's URL, one chunk at a time
 * (or two overlapping, when asked), then the finalize stage. Resume comes from the engine's own record
 * of confirmed bytes (the ledger), as Quatrix has no offset query.
 */
export const quatrixTransport: Transport = {
  signsRequests: false,
  create(job) {
    const { entry, destination, client, options } = job;
    if (destination.transport !== 'quatrix') throw new TypeError('not a quatrix destination');
    const ledger = (entry.ledger ??= { size: job.body.size, confirmed: 0, onConfirmed: () => {} });
    ledger.onConfirmed = (_offset, bytes, elapsedMs) => job.confirmed(bytes, elapsedMs);
    // The chunk about to go is written down first: should the page close before its answer, the next
    // visit knows the server may have it.
    ledger.onSending = () => job.remember();
    ledger.onSendRate = (bytes, elapsedMs) => job.sizeNext(bytes, elapsedMs);
    ledger.onRetryAfter = (seconds) => {
      entry.notBefore = Math.max(entry.notBefore, Date.now() + seconds * 1000);
    };
    return new ChunkUpload(job.body, {
      ...job.common,
      uploadUrl: client.chunkUrl(destination.uploadKey),
      uploadSize: job.body.size,
      httpStack: new QuatrixHttpStack(
        ledger,
        client.requestCredentials === 'include',
        options.overlapChunks,
        job.credentials,
      ),
    });
  },
  begin(upload) {
    upload.start();
  },
  resultOf() {
    return undefined;
  },
};
