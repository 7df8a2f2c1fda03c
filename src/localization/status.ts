import { msg, str } from '@lit/localize';
import type { UploadStatus } from '../upload/index.js';
import { formatNumber } from './format.js';

/** A call to the site failed for now and is being tried again (shown where its answer is awaited). */
export function retryingText(): string {
  return msg('Connection problem. Trying again…', {
    id: 'state.retrying',
    desc: 'Shown while a request to the server failed for now (network, busy server) and is being tried again.',
  });
}

/** The browser is offline: uploads wait for the connection and continue by themselves. */
export function offlineText(): string {
  return msg('You are offline. Uploads continue when the connection is back.', {
    id: 'state.offline',
    desc: 'Shown above the file list and announced to screen readers while the device has no connection: uploads wait and continue by themselves.',
  });
}

/** A file's state while it waits for the connection to come back. */
export function waitingForConnectionText(): string {
  return msg('Waiting for the connection', {
    id: 'status.offline',
    desc: 'State of one file in the upload list: the device is offline; the upload continues by itself when the connection is back.',
  });
}

/** A file's state while it waits to be tried again: when (`time`: a time of day such as 14:03:12). */
export function nextTryText(time: string): string {
  return msg(str`Not sent for now; next try at ${time}`, {
    id: 'status.retry-at',
    desc: 'State of one file in the upload list: sending failed for now (no connection, or the server was busy or failed) and is tried again by itself at the given time of day.',
  });
}

/** A short label for a file's status. */
export function describeStatus(status: UploadStatus): string {
  switch (status) {
    case 'queued':
      return msg('Waiting', { id: 'status.queued', desc: 'State of one file in the upload list.' });
    case 'preparing':
      return msg('Preparing', { id: 'status.preparing', desc: 'State of one file in the upload list.' });
    case 'uploading':
      return msg('Uploading', { id: 'status.uploading', desc: 'State of one file in the upload list.' });
    case 'retrying':
      return msg('Reconnecting', { id: 'status.retrying', desc: 'State of one file in the upload list.' });
    case 'paused':
      return msg('Paused', { id: 'status.paused', desc: 'State of one file in the upload list.' });
    case 'finalizing':
      return msg('Finishing', {
        id: 'status.finalizing',
        desc: 'State of one file in the upload list: all bytes are sent, the server is storing the file (the step before Sent).',
      });
    case 'done':
      return msg('Sent', { id: 'status.done', desc: 'State of one file in the upload list.' });
    case 'failed':
      return msg('Failed', { id: 'status.failed', desc: 'State of one file in the upload list.' });
    case 'cancelled':
      return msg('Cancelled', { id: 'status.cancelled', desc: 'State of one file in the upload list.' });
    case 'blocked':
      return msg('Waiting for confirmation', {
        id: 'status.blocked',
        desc: 'A file waits for a CAPTCHA or a PIN.',
      });
  }
}

/** A file's state while it is encrypted for the requester, before it is sent. */
export function encryptingText(): string {
  return msg('Encrypting', {
    id: 'status.encrypting',
    desc: 'State of one file in the upload list: it is being encrypted (PGP) on this device before it is sent.',
  });
}

/** The size of a file's encrypted copy, the bytes actually sent (`size`: already formatted). */
export function encryptedSizeText(size: string): string {
  return msg(str`encrypted: ${size}`, {
    id: 'list.encrypted-size',
    desc: 'Next to a file size in the upload list: the size of the encrypted (PGP) copy that is sent. The placeholder is a size such as 1.2 MB.',
  });
}

/** Why Send waits: files are still uploading (`done` of `total` are). */
export function sendWaitsText(done: number, total: number): string {
  const [d, t] = [formatNumber(done), formatNumber(total)];
  return msg(str`You can send once every file is uploaded (${d} of ${t} so far).`, {
    id: 'request.send.waits',
    desc: 'Under the Send button of a file request while files are still uploading: the button works once all are uploaded. The placeholders are numbers of files.',
  });
}
