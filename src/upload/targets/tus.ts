import type { QuatrixClient } from '../../api/index.js';
import type { UploadResult } from '../types.js';
import type { Destination, FileFacts, TargetStatus, UploadTarget } from './types.js';

/**
 * Plain tus to a tus endpoint (a tus gateway in front of Quatrix): tus-js-client creates the upload
 * and resumes it by asking the server for the offset.
 */
export class TusTarget implements UploadTarget {
  readonly key: string;
  readonly transport = 'tus';

  constructor(
    readonly client: QuatrixClient,
    readonly endpoint: string,
    readonly options: { metadata?: Record<string, string> } = {},
  ) {
    this.key = `tus:${endpoint}`;
  }

  async check(): Promise<TargetStatus> {
    return {};
  }

  async makeFolder(name: string, parentId: string | undefined): Promise<string> {
    return parentId ? `${parentId}/${name}` : name;
  }

  async link(file: FileFacts, parentId: string | undefined): Promise<Destination> {
    const metadata: Record<string, string> = { ...this.options.metadata, filename: file.name };
    if (parentId) metadata.path = parentId;
    return { transport: 'tus', endpoint: this.endpoint, metadata };
  }

  async finalize(): Promise<UploadResult> {
    // The engine fills in the id from the tus upload URL; the size is what tus-js-client confirmed.
    throw new TypeError('TusTarget uploads are finished by the tus transport');
  }
}
