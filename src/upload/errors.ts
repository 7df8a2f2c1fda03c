import { QuatrixCode, QuatrixError, QuatrixRequestError } from '../api/index.js';

/**
 * Why a file did not upload. Views turn each reason into a localized sentence; the server's own text
 * stays in `cause` for logs and event details.
 */
export type UploadErrorReason =
  /** The connection failed, was dropped or timed out, and retries ran out. */
  | 'network'
  /** The server failed (5xx, 429) and retries ran out, or it answered something unexpected. */
  | 'server'
  /** The widget demands a CAPTCHA (code 78). */
  | 'captcha-required'
  /** The widget's file allowance is spent (code 79). */
  | 'file-limit'
  /** A file request's `files_per_share`, or the owner's storage quota, is reached (code 50). */
  | 'restricted'
  /** The widget does not exist (code 91). */
  | 'widget-not-found'
  /** The file request expired (code 60). */
  | 'expired'
  /** Not allowed: not active yet, IP restriction, no access (codes 70, 76, 77). */
  | 'not-allowed'
  /** The widget, user or account is deactivated or inactive (codes 80, 81, 82). */
  | 'deactivated'
  /** The file request needs a PIN (code 73), or the PIN was wrong (84). */
  | 'pin-required'
  /** The target folder or file is gone (code 20). */
  | 'not-found'
  /** The file's name is not acceptable (code 10 on a name), or exists and may not be replaced (30). */
  | 'name'
  /** The session expired or the credentials are refused (HTTP 401). */
  | 'unauthorized'
  /** The server stored another size than the file has. */
  | 'size-mismatch'
  /** The site answered with a redirect, which is never followed (it could carry credentials away). */
  | 'redirected'
  /**
   * The target asks for files encrypted in the browser (a file request with `return_pgp_encrypted`),
   * which this engine cannot make: nothing is sent, never the plaintext.
   */
  | 'encryption'
  /**
   * The file is too large to encrypt here: beyond what this browser may keep in memory (`details.limit`
   * in bytes, where it has no origin-private file system), or beyond the space this device has left
   * for it (`details.noSpace`). Only this file fails; nothing of it is sent.
   */
  | 'too-large'
  /**
   * The app does not accept this file (its `Restrictions`: type, size, number of files, total size):
   * `details.rule` says which, `details.limit` the bound. Nothing of it is sent.
   */
  | 'not-accepted'
  /** The element's settings cannot work (e.g. a `site` that is no URL). */
  | 'setup'
  /** Any other refusal. */
  | 'rejected';

/** Reasons that make the whole target unusable, not just one file. */
const FATAL: ReadonlySet<UploadErrorReason> = new Set([
  'encryption',
  'widget-not-found',
  'expired',
  'not-allowed',
  'deactivated',
  'unauthorized',
  'setup',
]);

/** Reasons whose file fails again, however often it is tried. */
const NO_RETRY: ReadonlySet<UploadErrorReason> = new Set([
  'file-limit',
  'restricted',
  'name',
  'not-accepted',
]);

/** A file's failure, with a reason a view can localize. */
export class UploadError extends Error {
  constructor(
    readonly reason: UploadErrorReason,
    message: string,
    options?: {
      cause?: unknown;
      /** Extra facts, e.g. `{filesRemaining}` for `file-limit`, `{expected, stored}` for `size-mismatch`. */
      details?: Readonly<Record<string, unknown>>;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UploadError';
    this.details = options?.details ?? {};
  }

  readonly details: Readonly<Record<string, unknown>>;

  /** Whether this failure makes every other file of the target fail too. */
  get fatal(): boolean {
    return FATAL.has(this.reason);
  }

  /**
   * Whether trying the file again can succeed: not after a fatal failure, a spent allowance or quota
   * (`file-limit`, `restricted`), a refused name, or a file larger than this browser can encrypt.
   */
  get canRetry(): boolean {
    if (this.fatal || NO_RETRY.has(this.reason)) return false;
    return !(this.reason === 'too-large' && this.details.limit !== undefined);
  }

  /** The Quatrix code behind it, when the server gave one. */
  get code(): number | undefined {
    return this.cause instanceof QuatrixError ? this.cause.code : undefined;
  }
}

const BY_CODE: ReadonlyMap<number, UploadErrorReason> = new Map([
  [QuatrixCode.WidgetCaptchaRequired, 'captcha-required'],
  [QuatrixCode.WidgetFileLimit, 'file-limit'],
  [QuatrixCode.RestrictionError, 'restricted'],
  [QuatrixCode.WidgetNotFound, 'widget-not-found'],
  [QuatrixCode.Expired, 'expired'],
  [QuatrixCode.NotAllowed, 'not-allowed'],
  [QuatrixCode.IpRestriction, 'not-allowed'],
  [QuatrixCode.IpNotInMasks, 'not-allowed'],
  [QuatrixCode.Deactivated, 'deactivated'],
  [QuatrixCode.Inactive, 'deactivated'],
  [QuatrixCode.DeactivatedRole, 'deactivated'],
  [QuatrixCode.NotAllowedWithoutPin, 'pin-required'],
  [QuatrixCode.FailedPin, 'pin-required'],
  [QuatrixCode.NotFound, 'not-found'],
  [QuatrixCode.ObjectExists, 'name'],
]);

/** The `UploadError` for anything a step of an upload threw. */
export function toUploadError(error: unknown): UploadError {
  if (error instanceof UploadError) return error;
  if (error instanceof QuatrixError) {
    if (error.status === 401) return new UploadError('unauthorized', error.message, { cause: error });
    // files_per_share of a file request is the same limit as a widget's allowance, with another code.
    if (error.code === QuatrixCode.RestrictionError && error.details?.files_per_share !== undefined) {
      return new UploadError('file-limit', error.message, { cause: error, details: error.details });
    }
    const reason = BY_CODE.get(error.code);
    if (reason) return new UploadError(reason, error.message, { cause: error, details: error.details ?? {} });
    if (error.code === QuatrixCode.BadParameterValue && error.details?.field === 'name') {
      return new UploadError('name', error.message, { cause: error });
    }
    return new UploadError(error.retryable ? 'server' : 'rejected', error.message, {
      cause: error,
      details: error.details ?? {},
    });
  }
  if (error instanceof QuatrixRequestError && error.kind === 'redirect') {
    return new UploadError('redirected', error.message, { cause: error });
  }
  if (error instanceof QuatrixRequestError) {
    return new UploadError(
      error.kind === 'network' || error.kind === 'timeout' ? 'network' : 'server',
      error.message,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UploadError('rejected', message, { cause: error });
}
