import { Fields } from './decode.js';
import type {
  AccountMetadata,
  CaptchaResult,
  FilesReturnFolder,
  FilesReturnMetadata,
  FilesReturnSendRequest,
  FilesReturnSendResult,
  FilesReturnUploadLink,
  FilesReturnUploadLinkRequest,
  Language,
  RequestOptions,
  WidgetFinalizeResult,
  WidgetFolder,
  WidgetMetadata,
  WidgetUploadLink,
  WidgetUploadLinkRequest,
} from './types.js';
import { QuatrixHttp } from './http.js';
import { base64Utf8, seg } from './wire.js';

/**
 * The endpoints that work without signing in: the public widget, file return (a recipient answering a
 * file request) and the site's languages and branding. {@link QuatrixClient} adds the signed-in ones.
 */
export abstract class QuatrixPublicApi extends QuatrixHttp {
  // ---- widget (public) -----------------------------------------------------------------------------

  /**
   * What this visitor session may do with a widget; code 91 when the widget does not exist.
   * Requires nothing: an older server answers only `{id}` (see {@link WidgetMetadata} for the defaults).
   */
  async getWidgetMetadata(widgetId: string, options?: RequestOptions): Promise<WidgetMetadata> {
    const f = await this.object('GET', `/widget/metadata/${seg(widgetId)}`, options);
    return {
      id: f.optStr('id', widgetId),
      captchaPassed: f.optBool('captcha_passed', true),
      filesRemaining: f.optNum('files_remaining', undefined),
    };
  }

  /**
   * Posts a CAPTCHA provider's token for this visitor session. Requires `valid`. A refused token may
   * come as 200 `{valid: false}` or as 401 `{valid: false}` (as `/session/unblock-captcha` answers it):
   * both resolve to `{valid: false}`.
   */
  async unblockWidgetCaptcha(
    widgetId: string,
    token: string,
    options?: RequestOptions,
  ): Promise<CaptchaResult> {
    const answer = await this.call('POST', `/widget/unblock-captcha/${seg(widgetId)}`, {
      ...options,
      json: { token },
      answerOn: (status, body) =>
        status === 401 &&
        typeof body === 'object' &&
        body !== null &&
        'valid' in body &&
        body.valid === false,
    });
    const f = Fields.of(answer.body, answer.ctx);
    return { valid: f.bool('valid'), filesRemaining: f.optNum('files_remaining', undefined) };
  }

  /**
   * Makes (or finds, when the name exists) a folder in the widget's folder. Codes 78, 79, 91.
   * Requires `id`.
   */
  async makeWidgetDir(
    widgetId: string,
    request: { name: string; parentId?: string | undefined },
    options?: RequestOptions,
  ): Promise<WidgetFolder> {
    const f = await this.object('POST', `/widget/makedir/${seg(widgetId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId },
    });
    return {
      id: f.str('id'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
      name: f.optStr('name', request.name),
      modified: f.optNum('modified', 0),
    };
  }

  /** Gets an upload key for one file through the widget. Codes 78, 79, 91. Requires `upload_key`. */
  async getWidgetUploadLink(
    widgetId: string,
    request: WidgetUploadLinkRequest,
    options?: RequestOptions,
  ): Promise<WidgetUploadLink> {
    const f = await this.object('POST', `/widget/upload-link/${seg(widgetId)}`, {
      ...options,
      json: {
        file_size: request.fileSize,
        name: request.name,
        parent_id: request.parentId,
        payload: request.payload,
      },
    });
    return { uploadKey: f.str('upload_key') };
  }

  /**
   * Finalizes a widget upload once all its bytes are sent. Requires `id` and `size` (the stored size, to
   * compare with the local one).
   */
  async finalizeWidgetUpload(uploadKey: string, options?: RequestOptions): Promise<WidgetFinalizeResult> {
    const f = await this.object('GET', `/widget/finalize-upload/${seg(uploadKey)}`, options);
    return { id: f.str('id'), parentId: f.optStr('parent_id', ''), size: f.num('size') };
  }

  // ---- file return ----------------------------------------------------------------------------------

  /**
   * The file request as its recipient sees it. Codes 73 (PIN needed), 60 (expired), 70, 20; a request
   * that needs its recipient signed in fails so that `isSignInRequired()` is true.
   * Requires nothing (see {@link FilesReturnMetadata} for the defaults).
   */
  async getFilesReturnMetadata(requestId: string, options?: RequestOptions): Promise<FilesReturnMetadata> {
    const f = await this.object('GET', `/files-return/metadata/${seg(requestId)}`, options);
    return {
      id: f.optStr('id', requestId),
      subject: f.optStr('subject', ''),
      title: f.optStr('title', ''),
      message: f.optStr('message', ''),
      senderName: f.optStr('sender_name', ''),
      senderEmail: f.optStr('sender_email', ''),
      userName: f.optStr('user_name', ''),
      userEmail: f.optStr('user_email', ''),
      locale: f.optStr('locale', ''),
      shareType: f.optStr('share_type', ''),
      folderId: f.optStr('folder_id', ''),
      activates: f.optNum('activates', 0),
      expires: f.optNum('expires', 0),
      filesPerShare: f.optNum('files_per_share', undefined),
      pgpEnabled: f.optBool('pgp_enabled', false),
      returnPgpEncrypted: f.optBool('return_pgp_encrypted', false),
      senderKey: f.optStr('sender_key', ''),
    };
  }

  /** Unlocks a PIN-protected request for this visitor session; code 84 for a wrong PIN. */
  async loginSharePin(requestId: string, pin: string, options?: RequestOptions): Promise<void> {
    await this.call('POST', '/share/login-pin', {
      ...options,
      json: { id: requestId, pin: base64Utf8(pin) },
    });
  }

  /** Makes (or finds) a folder in a return. Requires `id`. */
  async makeFilesReturnDir(
    requestId: string,
    request: { name: string; parentId?: string | undefined },
    options?: RequestOptions,
  ): Promise<FilesReturnFolder> {
    const f = await this.object('POST', `/files-return/makedir/${seg(requestId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId },
    });
    return {
      id: f.str('id'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
      modified: f.optNum('modified', 0),
    };
  }

  /**
   * Gets an upload key for one returned file; then send chunks and `finalizeUpload`.
   * Requires `upload_key`.
   */
  async getFilesReturnUploadLink(
    requestId: string,
    request: FilesReturnUploadLinkRequest,
    options?: RequestOptions,
  ): Promise<FilesReturnUploadLink> {
    const f = await this.object('POST', `/files-return/upload-link/${seg(requestId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId, file_size: request.fileSize },
    });
    return {
      fileId: f.optStr('file_id', ''),
      uploadKey: f.str('upload_key'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
    };
  }

  /**
   * Returns the uploaded files to the requester, with an optional message. Requires nothing: the sent
   * ids (200), else the job (202), else `{fileIds: []}`.
   */
  async sendFilesReturn(
    request: FilesReturnSendRequest,
    options?: RequestOptions,
  ): Promise<FilesReturnSendResult> {
    const f = await this.object('POST', '/files-return/send', {
      ...options,
      json: { id: request.id, files: request.files, message: request.message },
    });
    const jobId = f.optStr('job_id', undefined);
    return jobId !== undefined && !f.has('file_ids') ? { jobId } : { fileIds: f.optStrList('file_ids', []) };
  }

  // ---- language and account ------------------------------------------------------------------------

  /** Languages the site offers (needs auth). Requires `id` of each. */
  async getLanguages(options?: RequestOptions): Promise<Language[]> {
    const answer = await this.call('GET', '/languages', options);
    return Fields.list(answer.body, answer.ctx).map((f) => {
      const id = f.str('id');
      return { id, name: f.optStr('name', id), filename: f.optStr('filename', '') };
    });
  }

  /** The site's default language id; `''` when the server does not say. Requires nothing. */
  async getDefaultLanguage(options?: RequestOptions): Promise<string> {
    return (await this.object('GET', '/languages/default', options)).optStr('id', '');
  }

  /**
   * The site's public branding: title and language. Requires nothing (see {@link AccountMetadata} for
   * the defaults).
   */
  async getAccountMetadata(options?: RequestOptions): Promise<AccountMetadata> {
    const f = await this.object('GET', '/account/metadata', options);
    return {
      status: f.optStr('status', ''),
      title: f.optStr('title', ''),
      language: f.optStr('language', ''),
      defaultLogo: f.optBool('default_logo', true),
    };
  }
}
