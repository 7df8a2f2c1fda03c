import type { FilesReturnMetadata, QuatrixClient, RequestOptions } from '../../api/index.js';
import type { UploadResult } from '../types.js';
import {
  quatrixKey,
  type Destination,
  type FileFacts,
  type TargetStatus,
  type UploadTarget,
} from './types.js';

/**
 * A file request, answered by its recipient: files-return makedir / upload-link → chunks → finalize;
 * then `send()` returns the files with a message.
 */
export class FileRequestTarget implements UploadTarget {
  readonly key: string;
  /** The request as last read by `check()`. */
  metadata: FilesReturnMetadata | undefined;

  constructor(
    readonly client: QuatrixClient,
    readonly requestId: string,
  ) {
    this.key = `request:${client.siteUrl}:${requestId}`;
  }

  async check(options: RequestOptions): Promise<TargetStatus> {
    const meta = (this.metadata = await this.client.getFilesReturnMetadata(this.requestId, options));
    const status: TargetStatus = {};
    if (meta.filesPerShare !== undefined) status.filesRemaining = meta.filesPerShare;
    if (meta.returnPgpEncrypted) status.encryptTo = meta.senderKey;
    return status;
  }

  async makeFolder(name: string, parentId: string | undefined, options: RequestOptions): Promise<string> {
    return (await this.client.makeFilesReturnDir(this.requestId, { name, parentId }, options)).id;
  }

  async link(file: FileFacts, parentId: string | undefined, options: RequestOptions): Promise<Destination> {
    const r = await this.client.getFilesReturnUploadLink(
      this.requestId,
      { name: file.name, parentId, fileSize: file.size },
      options,
    );
    return { transport: 'quatrix', uploadKey: r.uploadKey, fileId: r.fileId };
  }

  async finalize(destination: Destination, file: FileFacts, options: RequestOptions): Promise<UploadResult> {
    const r = await this.client.finalizeUpload(quatrixKey(destination), file.lastModified / 1000, options);
    return { fileId: r.id, parentId: r.parentId, size: r.size };
  }

  submitPin(pin: string, options: RequestOptions): Promise<void> {
    return this.client.loginSharePin(this.requestId, pin, options);
  }

  /** Returns the finished files to the requester. */
  async send(
    fileIds: readonly string[],
    message: string | undefined,
    options: RequestOptions = {},
  ): Promise<void> {
    await this.client.sendFilesReturn({ id: this.requestId, files: fileIds, message }, options);
  }
}
