import type { EngineContext } from './context.js';
import { Stopped, type Entry } from './entry.js';
import { toUploadError, UploadError } from './errors.js';
import type { Outcomes } from './outcomes.js';
import type { CallOptions } from './options.js';
import { overLimits } from './stages/accept.js';
import type { TargetStatus } from './targets/index.js';

type Wait = 'captcha-required' | 'pin-required';

/**
 * What the target allows before a file may go, for every file at once: a CAPTCHA, a PIN, the files and
 * bytes it still accepts, and a fatal failure that ends the whole target.
 */
export class Gates {
  captchaRequired = false;
  pinRequired = false;
  fatalError: UploadError | undefined;
  /** Files the target still accepts, when known. */
  filesRemaining: number | undefined;
  #status: TargetStatus | undefined;
  /** The key the target wanted files encrypted to, kept for good once it did. */
  #encryptTo: string | undefined;
  #checking: Promise<TargetStatus> | undefined;

  readonly #ctx: EngineContext;
  readonly #outcomes: Outcomes;
  readonly #pump: () => void;

  constructor(ctx: EngineContext, outcomes: Outcomes, pump: () => void) {
    this.#ctx = ctx;
    this.#outcomes = outcomes;
    this.#pump = pump;
  }

  /**
   * Before a file is reserved: the target's status, asked once for every file (again after a CAPTCHA or
   * PIN was given). Throws `captcha-required` while a CAPTCHA is awaited.
   */
  async check(signal: AbortSignal): Promise<TargetStatus> {
    const status = this.#status ?? (await this.refresh());
    if (signal.aborted) throw new Stopped();
    // Ended meanwhile (e.g. it wants encrypted files): nothing of this file may go.
    if (this.fatalError) throw this.fatalError;
    // Asked for when a file is about to go, not when a view merely read the target's facts.
    if (status.captchaRequired && !this.captchaRequired) this.#requireCaptcha();
    if (this.captchaRequired) throw new UploadError('captcha-required', 'a CAPTCHA must be solved first');
    // Once a target wanted files encrypted, every file is: a later answer without the key changes nothing.
    if (status.encryptTo !== undefined) this.#encryptTo = status.encryptTo;
    return this.#encryptTo === undefined ? status : { ...status, encryptTo: this.#encryptTo };
  }

  /**
   * Asks the target for its status now, and refuses the files it can no longer accept. One question at
   * a time, shared by whoever asks meanwhile: no one file's pause or cancel (nor a view's) aborts it for
   * the others, so each asker checks its own signal after.
   */
  async refresh(call: CallOptions = {}): Promise<TargetStatus> {
    this.#checking ??= this.#ctx
      .withRetries(undefined, (s) => this.#ctx.target.check({ signal: s }), call)
      .then((status) => {
        this.#status = status;
        this.filesRemaining = status.filesRemaining;
        this.applyAllowance();
        return status;
      })
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  /** Keeps a queued file from starting while a CAPTCHA or PIN is awaited (every new link would be refused). */
  hold(entry: Entry): boolean {
    if (!this.captchaRequired && !this.pinRequired) return false;
    this.#block(entry, this.captchaRequired ? 'captcha-required' : 'pin-required');
    return true;
  }

  /** A file was reserved: the server counted it against the allowance it reported. */
  counted(): void {
    if (this.filesRemaining !== undefined) this.filesRemaining = Math.max(0, this.filesRemaining - 1);
  }

  /** Refuses, before anything is sent, the files the target can no longer accept. */
  applyAllowance(): void {
    let overCount = false;
    for (const { entry, error } of overLimits(
      this.#ctx.book.pending(),
      this.filesRemaining,
      this.#status?.bytesRemaining,
    )) {
      overCount ||= error.reason === 'file-limit';
      this.refuse(entry, error);
    }
    if (overCount) this.#ctx.emit('limit-reached', { filesRemaining: this.filesRemaining ?? 0 });
  }

  /** Fails a file that is not to be sent at all, and says so (`file-rejected`). */
  refuse(entry: Entry, error: UploadError): void {
    this.#outcomes.halt(entry);
    this.#outcomes.fail(entry, error);
    this.#ctx.emit('file-rejected', { file: entry.state, error });
  }

  async solveCaptcha(token: string, { signal, ...call }: CallOptions): Promise<boolean> {
    const target = this.#ctx.target;
    if (!target.unblockCaptcha) throw new TypeError('Uploader: this target has no CAPTCHA');
    const unblock = target.unblockCaptcha.bind(target);
    // A 503 or a dropped connection says nothing about the token: ask again before calling it wrong.
    const result = await this.#ctx.withRetries(signal, (s) => unblock(token, { signal: s }), call);
    if (!result.valid) return false;
    this.captchaRequired = false;
    // Without a count in the answer, the one known before stands.
    if (result.filesRemaining !== undefined) this.filesRemaining = result.filesRemaining;
    this.#status = { ...this.#status, captchaRequired: false };
    if (this.filesRemaining !== undefined) this.#status.filesRemaining = this.filesRemaining;
    this.#ctx.emit('captcha-solved', { filesRemaining: this.filesRemaining });
    this.#unblock('captcha-required');
    return true;
  }

  async submitPin(pin: string, { signal, ...call }: CallOptions): Promise<void> {
    const target = this.#ctx.target;
    if (!target.submitPin) throw new TypeError('Uploader: this target has no PIN');
    const submit = target.submitPin.bind(target);
    try {
      await this.#ctx.withRetries(signal, (s) => submit(pin, { signal: s }), call);
    } catch (error) {
      if (toUploadError(error).reason === 'pin-required') this.#ctx.emit('pin-required', { invalid: true });
      throw error;
    }
    this.pinRequired = false;
    this.#status = undefined;
    this.#unblock('pin-required');
  }

  /** A file's failure that concerns the whole target; false when it is the file's own. */
  onFailure(entry: Entry, error: UploadError): boolean {
    const book = this.#ctx.book;
    switch (error.reason) {
      case 'captcha-required':
        this.demanded(error);
        this.#block(entry, 'captcha-required', error);
        return true;
      case 'pin-required':
        this.demanded(error);
        this.#block(entry, 'pin-required', error);
        for (const other of book.entries)
          if (other.state.status === 'queued') this.#block(other, 'pin-required', error);
        return true;
      case 'file-limit':
        this.filesRemaining = 0;
        this.#outcomes.fail(entry, error);
        this.applyAllowance();
        return true;
      default:
        if (!error.fatal) return false;
        this.#outcomes.fail(entry, error);
        this.end(error);
        return true;
    }
  }

  /**
   * A CAPTCHA or PIN demanded by the server (of a file, or of work that is no file's: an empty folder):
   * asked for, and true, so that the work waits for it; false for any other failure.
   */
  demanded(error: UploadError): boolean {
    if (error.reason === 'captcha-required') {
      if (!this.captchaRequired) this.#requireCaptcha();
    } else if (error.reason === 'pin-required') {
      this.pinRequired = true;
      this.#ctx.emit('pin-required', { invalid: false });
    } else return false;
    this.#status = undefined;
    return true;
  }

  /** A failure that ends the whole target: every file that has not ended fails with it, once. */
  end(error: UploadError): void {
    if (this.fatalError) return;
    this.fatalError = error;
    for (const other of this.#ctx.book.unended()) {
      this.#outcomes.halt(other);
      this.#outcomes.fail(other, error);
    }
    this.#ctx.emit('fatal', { error });
  }

  #requireCaptcha(): void {
    this.captchaRequired = true;
    this.#ctx.emit('captcha-required', { filesWaiting: this.#ctx.book.unended().length });
  }

  #block(entry: Entry, reason: Wait, cause?: UploadError): void {
    this.#ctx.book.move(entry, 'blocked', {
      error:
        cause ??
        new UploadError(
          reason,
          reason === 'captcha-required' ? 'waiting for a CAPTCHA' : 'waiting for a PIN',
        ),
      speed: undefined,
      eta: undefined,
    });
  }

  #unblock(reason: Wait): void {
    for (const entry of this.#ctx.book.entries) {
      if (entry.state.status === 'blocked' && entry.state.error?.reason === reason) {
        this.#ctx.book.move(entry, 'queued', { error: undefined });
      }
    }
    this.#pump();
  }
}
