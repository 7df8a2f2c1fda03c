import { msg, str } from '@lit/localize';
import type { UploadError, UploadStatus } from '../../upload/index.js';

/** Picks the message for a count by the locale's plural rules (@lit/localize has no plural syntax). */
export function plural(
  count: number,
  forms: { one: () => string; other: () => string },
  locale?: string,
): string {
  return new Intl.PluralRules(locale).select(count) === 'one' ? forms.one() : forms.other();
}

/** A sentence for people about why a file failed or waits; the server's own text stays in the error. */
export function describeError(error: UploadError): string {
  switch (error.reason) {
    case 'network':
      return msg('The connection failed. Check your network and try again.', { id: 'error.network' });
    case 'server':
      return msg('The server could not take the file right now. Try again in a moment.', {
        id: 'error.server',
      });
    case 'captcha-required':
      return msg('Please confirm that you are not a robot.', { id: 'error.captcha' });
    case 'file-limit':
      return msg('No more files can be sent here.', { id: 'error.file-limit' });
    case 'restricted':
      return msg('There is not enough room for this file.', { id: 'error.restricted' });
    case 'widget-not-found':
      return msg('This upload form does not exist (any more).', { id: 'error.widget-not-found' });
    case 'expired':
      return msg('This request has expired.', { id: 'error.expired' });
    case 'not-allowed':
      return error.details.activates !== undefined
        ? msg('This request is not open yet.', { id: 'error.not-active' })
        : msg('Uploading is not allowed from here.', { id: 'error.not-allowed' });
    case 'deactivated':
      return msg('This upload form is switched off.', { id: 'error.deactivated' });
    case 'pin-required':
      return msg('A PIN is needed.', { id: 'error.pin' });
    case 'not-found':
      return msg('The destination folder no longer exists.', { id: 'error.not-found' });
    case 'name':
      return msg('The file name is not accepted.', { id: 'error.name' });
    case 'unauthorized':
      return msg('Your session has ended. Sign in again.', { id: 'error.unauthorized' });
    case 'size-mismatch':
      return msg('The file arrived incomplete. Try again.', { id: 'error.size-mismatch' });
    default:
      return msg('The file could not be sent.', { id: 'error.generic' });
  }
}

/** A short label for a file's status. */
export function describeStatus(status: UploadStatus): string {
  switch (status) {
    case 'queued':
      return msg('Waiting', { id: 'status.queued' });
    case 'preparing':
      return msg('Preparing', { id: 'status.preparing' });
    case 'uploading':
      return msg('Uploading', { id: 'status.uploading' });
    case 'retrying':
      return msg('Reconnecting', { id: 'status.retrying' });
    case 'paused':
      return msg('Paused', { id: 'status.paused' });
    case 'finalizing':
      return msg('Finishing', { id: 'status.finalizing' });
    case 'done':
      return msg('Sent', { id: 'status.done' });
    case 'failed':
      return msg('Failed', { id: 'status.failed' });
    case 'cancelled':
      return msg('Cancelled', { id: 'status.cancelled' });
    case 'blocked':
      return msg('Waiting for confirmation', { id: 'status.blocked' });
  }
}

export function filesRemainingText(count: number): string {
  return plural(count, {
    one: () => msg(str`You can send ${count} more file.`, { id: 'widget.remaining.one' }),
    other: () => msg(str`You can send ${count} more files.`, { id: 'widget.remaining.other' }),
  });
}
