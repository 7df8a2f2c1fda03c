import { Upload } from 'tus-js-client';
import type { Transport, TransportUpload } from './types.js';

/**
 * Plain tus to a tus endpoint: tus-js-client creates the upload, remembers it, and resumes it by asking
 * the server for the offset. No finalize: the last chunk completes the file.
 */
export const tusTransport: Transport = {
  signsRequests: true,
  create(job) {
    const { entry, destination } = job;
    if (destination.transport !== 'tus') throw new TypeError('not a tus destination');
    const upload: Upload = new Upload(job.body, {
      ...job.common,
      endpoint: destination.endpoint,
      ...(entry.tusUrl ? { uploadUrl: entry.tusUrl } : {}),
      metadata: { ...destination.metadata, filetype: entry.state.file.type || 'application/octet-stream' },
      uploadSize: job.body.size,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onUploadUrlAvailable: () => {
        entry.tusUrl = upload.url ?? undefined;
      },
      onChunkComplete: (bytes) => job.confirmed(bytes, performance.now() - entry.chunkStartedAt),
    });
    return upload;
  },
  begin(started: TransportUpload, job, current) {
    const upload = started as Upload;
    if (job.entry.tusUrl) return upload.start();
    // Continue an upload of an earlier visit that tus-js-client remembered, if any.
    void upload.findPreviousUploads().then(
      (previous) => {
        if (!current()) return;
        const last = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
        if (last) upload.resumeFromPreviousUpload(last);
        upload.start();
      },
      () => {
        if (current()) upload.start();
      },
    );
  },
  resultOf(job) {
    const id = job.entry.tusUrl?.split('/').pop() ?? '';
    return { fileId: id, parentId: '', size: job.body.size };
  },
};
