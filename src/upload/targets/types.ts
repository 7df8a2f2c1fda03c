import type { QuatrixClient, RequestOptions } from '../../api/index.js';
import type { FileMeta, UploadResult } from '../types.js';

/** The facts of a file a target needs. */
export interface FileFacts {
  readonly name: string;
  readonly size: number;
  /** ms since the epoch. */
  readonly lastModified: number;
}

/** Where the bytes of one file go, as the target arranged it. */
export type Destination =
  | {
      readonly transport: 'quatrix';
      readonly uploadKey: string;
      /** The file the server reserved for this upload, when it said. */
      readonly fileId?: string | undefined;
      /** The upload replaces the content of an existing file (nothing new was reserved). */
      readonly replaces?: boolean | undefined;
      /** The name the server reserved, when it said: another than asked after a clash (`report (1).pdf`). */
      readonly name?: string | undefined;
    }
  | {
      readonly transport: 'tus';
      readonly endpoint: string;
      readonly metadata: Readonly<Record<string, string>>;
    };

/** What a target says about itself before the first file goes. */
export interface TargetStatus {
  /** A CAPTCHA must be solved first (widget). */
  captchaRequired?: boolean;
  /** Files it still accepts (widget allowance, file request's `files_per_share`). */
  filesRemaining?: number;
  /** Bytes of storage left (folder uploads with a quota). */
  bytesRemaining?: number;
  /**
   * The files must be encrypted in the browser to this public PGP key before any byte of them is sent
   * (a file request with `return_pgp_encrypted`); `''` when the server gave no key.
   */
  encryptTo?: string;
}

/** Options of {@link UploadTarget.link}. */
export interface LinkOptions extends RequestOptions {
  /**
   * When the first try to reserve this file began, in ms since the epoch (default: this call's start).
   * A try whose answer was lost may have reserved the file all the same; a target that can find such
   * reservations looks among those made since then.
   */
  since?: number | undefined;
  /** What the app attached to the file, for a target that can send it. */
  meta?: FileMeta | undefined;
}

/**
 * What a file is uploaded into: maps the engine onto one endpoint family. Every method takes the
 * engine's AbortSignal and rejects with the API client's typed errors.
 */
export interface UploadTarget {
  /** Names the destination, for resume records: the same key means the same place on the same site. */
  readonly key: string;
  /** How its files' bytes go (default `quatrix`): the engine fetches that transport ahead. */
  readonly transport?: Destination['transport'];
  readonly client: QuatrixClient;
  /** Checked once before the first file, and again after a CAPTCHA or PIN is given. */
  check(options: RequestOptions): Promise<TargetStatus>;
  /** Makes (or finds) a folder; answers its id. */
  makeFolder(name: string, parentId: string | undefined, options: RequestOptions): Promise<string>;
  /** Arranges the upload of one file into `parentId` (undefined: the target's own folder). */
  link(file: FileFacts, parentId: string | undefined, options: LinkOptions): Promise<Destination>;
  /** Completes an upload whose bytes are all sent. */
  finalize(destination: Destination, file: FileFacts, options: RequestOptions): Promise<UploadResult>;
  /**
   * Deletes what the server reserved for an upload that was cancelled or failed for good, where the
   * target can (Quatrix shows unfinished files in listings). Optional: public targets cannot delete.
   */
  discard?(destination: Destination, options: RequestOptions): Promise<void>;
  /** Posts a CAPTCHA token (widget only). */
  unblockCaptcha?(
    token: string,
    options: RequestOptions,
  ): Promise<{ valid: boolean; filesRemaining?: number | undefined }>;
  /** Unlocks a PIN-protected target (file request only); rejects with code 84 for a wrong PIN. */
  submitPin?(pin: string, options: RequestOptions): Promise<void>;
}

/** The upload key of a quatrix-transport destination. */
export function quatrixKey(destination: Destination): string {
  if (destination.transport !== 'quatrix')
    throw new TypeError('this target uploads with the quatrix transport');
  return destination.uploadKey;
}
