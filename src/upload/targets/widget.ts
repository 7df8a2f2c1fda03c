import type { QuatrixClient, RequestOptions, WidgetMetadata } from '../../api/index.js';
import type { UploadResult } from '../types.js';
import {
  quatrixKey,
  type Destination,
  type FileFacts,
  type LinkOptions,
  type TargetStatus,
  type UploadTarget,
} from './types.js';

/**
 * The public "send us your files" widget: metadata → CAPTCHA status → makedir for folders →
 * upload-link with `payload` → chunks → finalize-upload.
 */
export class WidgetTarget implements UploadTarget {
  readonly key: string;
  /**
   * Free-form metadata sent with every file (sender's name, e-mail, message…), beside each file's own
   * `meta`.
   */
  payload: Record<string, unknown> | undefined;
  /** The widget as last read by `check()`. */
  metadata: WidgetMetadata | undefined;

  constructor(
    readonly client: QuatrixClient,
    readonly widgetId: string,
    options: { payload?: Record<string, unknown> } = {},
  ) {
    this.key = `widget:${client.siteUrl}:${widgetId}`;
    this.payload = options.payload;
  }

  async check(options: RequestOptions): Promise<TargetStatus> {
    const meta = (this.metadata = await this.client.getWidgetMetadata(this.widgetId, options));
    // An older server answers only `{id}`: the allowance is then unknown (the server still counts it).
    return meta.filesRemaining === undefined
      ? { captchaRequired: !meta.captchaPassed }
      : { captchaRequired: !meta.captchaPassed, filesRemaining: meta.filesRemaining };
  }

  async makeFolder(name: string, parentId: string | undefined, options: RequestOptions): Promise<string> {
    return (await this.client.makeWidgetDir(this.widgetId, { name, parentId }, options)).id;
  }

  async link(file: FileFacts, parentId: string | undefined, options: LinkOptions): Promise<Destination> {
    // The app's facts about the file, and the sender's fields, which win on a clash.
    const payload = options.meta ? { ...options.meta, ...this.payload } : this.payload;
    const { uploadKey } = await this.client.getWidgetUploadLink(
      this.widgetId,
      { name: file.name, fileSize: file.size, parentId, payload },
      options,
    );
    return { transport: 'quatrix', uploadKey };
  }

  async finalize(destination: Destination, _file: FileFacts, options: RequestOptions): Promise<UploadResult> {
    const r = await this.client.finalizeWidgetUpload(quatrixKey(destination), options);
    return { fileId: r.id, parentId: r.parentId, size: r.size };
  }

  unblockCaptcha(
    token: string,
    options: RequestOptions,
  ): Promise<{ valid: boolean; filesRemaining?: number | undefined }> {
    return this.client.unblockWidgetCaptcha(this.widgetId, token, options);
  }
}
