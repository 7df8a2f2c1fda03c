import { msg, str } from '@lit/localize';
import { maxFilesText } from '../generated/plurals.js';
import { formatBytes, formatDateTime } from './format.js';
import type { UploadError } from '../upload/index.js';

/** Nothing more may be sent: an allowance used up (code 79 too). */
export function noMoreFilesText(): string {
  return msg('No more files can be sent here.', {
    id: 'error.file-limit',
    desc: 'No more files are accepted (allowance used up).',
  });
}

/** Why the app refused a file (its restrictions): the rule broken and its bound. */
function describeRestriction(rule: unknown, limit: unknown): string {
  const size = typeof limit === 'number' ? formatBytes(limit) : '';
  switch (rule) {
    case 'max-file-size':
      return msg(str`This file is larger than ${size}, the most accepted here.`, {
        id: 'error.not-accepted.max-file-size',
        desc: 'Why a file was refused before sending: it is larger than the site allows. The placeholder is a size such as 10 MB.',
      });
    case 'min-file-size':
      return msg(str`This file is smaller than ${size}, the least accepted here.`, {
        id: 'error.not-accepted.min-file-size',
        desc: 'Why a file was refused before sending: it is smaller than the site allows (e.g. empty). The placeholder is a size such as 1 byte.',
      });
    case 'max-files':
      return maxFilesText(typeof limit === 'number' ? limit : 0);
    case 'max-total-size':
      return msg(str`All files together may not be larger than ${size}.`, {
        id: 'error.not-accepted.max-total-size',
        desc: 'Why a file was refused before sending: with it, the files would be larger together than the site allows. The placeholder is a size such as 100 MB.',
      });
    default:
      return msg('This type of file is not accepted here.', {
        id: 'error.not-accepted.type',
        desc: 'Why a file was refused before sending: the site accepts only some types of files (e.g. PDF or images).',
      });
  }
}

/** A file waits, or a call was refused, until the visitor solves a CAPTCHA (codes 74 and 78 too). */
export function captchaText(): string {
  return msg('Please confirm that you are not a robot.', {
    id: 'error.captcha',
    desc: 'A file waits until the visitor solves a CAPTCHA.',
  });
}

/** The upload widget is unknown to the server (code 91 too). */
export function widgetNotFoundText(): string {
  return msg('This upload form does not exist, or it was deleted.', {
    id: 'error.widget-not-found',
    desc: 'The upload widget is unknown to the server (wrong id or deleted).',
  });
}

/** A PIN is needed to continue (code 73 too). */
export function pinNeededText(): string {
  return msg('A PIN is needed.', { id: 'error.pin', desc: 'A PIN is needed to continue.' });
}

/**
 * A sentence for each Quatrix error code, or `undefined` for a code the API reference does not list.
 * The cases are the codes' numbers, each named in a comment as `QuatrixCode` names it (the numbers are
 * the API's own, and `case 10` ships smaller than `case QuatrixCode.BadParameterValue`).
 */
export function describeCode(code: number): string | undefined {
  switch (code) {
    case -1: // Unknown
      return msg('Something went wrong on the server.', {
        id: 'code.unknown',
        desc: 'Quatrix error code -1 (Unknown).',
      });
    case 10: // BadParameterValue
      return msg('The server did not accept a value that was sent.', {
        id: 'code.10',
        desc: 'Quatrix error code 10 (BadParameterValue).',
      });
    case 11: // MissingParameter
      return msg('Some required information was missing.', {
        id: 'code.11',
        desc: 'Quatrix error code 11 (MissingParameter).',
      });
    case 12: // BadHostName
      return msg('This address is not a Quatrix site.', {
        id: 'code.12',
        desc: 'Quatrix error code 12 (BadHostName).',
      });
    case 20: // NotFound
      return msg('The file or folder no longer exists.', {
        id: 'code.20',
        desc: 'Quatrix error code 20 (NotFound).',
      });
    case 21: // NotSupported
      return msg('This is not supported here.', {
        id: 'code.21',
        desc: 'Quatrix error code 21 (NotSupported).',
      });
    case 30: // ObjectExists
      return msg('A file with this name already exists.', {
        id: 'code.30',
        desc: 'Quatrix error code 30 (ObjectExists).',
      });
    case 31: // UserExists
      return msg('This user already exists.', { id: 'code.31', desc: 'Quatrix error code 31 (UserExists).' });
    case 32: // ContactExists
      return msg('This contact already exists.', {
        id: 'code.32',
        desc: 'Quatrix error code 32 (ContactExists).',
      });
    case 40: // OperationNotSupported
      return msg('This action is not supported.', {
        id: 'code.40',
        desc: 'Quatrix error code 40 (OperationNotSupported).',
      });
    case 50: // RestrictionError
      return msg('A limit was reached: there is not enough room, or there are too many files.', {
        id: 'code.50',
        desc: 'Quatrix error code 50 (RestrictionError).',
      });
    case 51: // PgpDisabled
      return msg('Encryption is not switched on for this site.', {
        id: 'code.51',
        desc: 'Quatrix error code 51 (PgpDisabled).',
      });
    case 60: // Expired
      return msg('This link has expired.', { id: 'code.60', desc: 'Quatrix error code 60 (Expired).' });
    case 61: // NotAllowedWithout2faSetup
      return msg('Set up two-step verification first.', {
        id: 'code.61',
        desc: 'Quatrix error code 61 (NotAllowedWithout2faSetup).',
      });
    case 70: // NotAllowed
      return msg('This is not allowed.', { id: 'code.70', desc: 'Quatrix error code 70 (NotAllowed).' });
    case 71: // NotAllowedWithout2fa
      return msg('Two-step verification is needed.', {
        id: 'code.71',
        desc: 'Quatrix error code 71 (NotAllowedWithout2fa).',
      });
    case 72: // NotAllowedWithoutPassword
      return msg('A password is needed.', {
        id: 'code.72',
        desc: 'Quatrix error code 72 (NotAllowedWithoutPassword).',
      });
    case 73: // NotAllowedWithoutPin
      return pinNeededText();
    case 74: // NotAllowedWithoutCaptcha
      return captchaText();
    case 75: // NotAllowedWithoutBasicAuth
      return msg('Please sign in with your user name and password.', {
        id: 'code.75',
        desc: 'Quatrix error code 75 (NotAllowedWithoutBasicAuth).',
      });
    case 76: // IpRestriction
      return msg('Uploading is not allowed from your network.', {
        id: 'code.76',
        desc: 'Quatrix error code 76 (IpRestriction).',
      });
    case 77: // IpNotInMasks
      return msg('Your network address is not allowed here.', {
        id: 'code.77',
        desc: 'Quatrix error code 77 (IpNotInMasks).',
      });
    case 78: // WidgetCaptchaRequired
      return captchaText();
    case 79: // WidgetFileLimit
      return noMoreFilesText();
    case 80: // Deactivated
      return msg('This has been switched off by its owner.', {
        id: 'code.80',
        desc: 'Quatrix error code 80 (Deactivated).',
      });
    case 81: // Inactive
      return msg('This account is not active.', { id: 'code.81', desc: 'Quatrix error code 81 (Inactive).' });
    case 82: // DeactivatedRole
      return msg('Your role does not allow this.', {
        id: 'code.82',
        desc: 'Quatrix error code 82 (DeactivatedRole).',
      });
    case 83: // Failed2fa
      return msg('The verification code is incorrect.', {
        id: 'code.83',
        desc: 'Quatrix error code 83 (Failed2fa).',
      });
    case 84: // FailedPin
      return msg('That PIN is incorrect.', { id: 'code.84', desc: 'Quatrix error code 84 (FailedPin).' });
    case 90: // NoData
      return msg('Nothing was found.', { id: 'code.90', desc: 'Quatrix error code 90 (NoData).' });
    case 91: // WidgetNotFound
      return widgetNotFoundText();
    default:
      return undefined;
  }
}

/** Why a name was refused before sending (`UploadError.details.problem`, a `NameProblem`). */
function describeNameProblem(problem: unknown): string | undefined {
  switch (problem) {
    case 'empty':
      return msg('The name is empty.', {
        id: 'error.name.empty',
        desc: 'Why a file was not sent: its name (or a folder name in its path) is empty.',
      });
    case 'reserved':
      return msg('A name cannot be “.” or “..”.', {
        id: 'error.name.reserved',
        desc: 'Why a file was not sent: a file or folder name is "." or "..". Keep both names as they are.',
      });
    case 'separator':
      return msg('A name cannot contain “/” or “\\”.', {
        id: 'error.name.separator',
        desc: 'Why a file was not sent: its name contains a slash or a backslash. Keep both characters.',
      });
    case 'control':
      return msg('The name contains invisible control characters.', {
        id: 'error.name.control',
        desc: 'Why a file was not sent: its name contains control characters (invisible).',
      });
    case 'trailing':
      return msg('A name cannot end with a space or a dot.', {
        id: 'error.name.trailing',
        desc: 'Why a file was not sent: its name (or a folder name in its path) ends with a space or a dot.',
      });
    case 'too-long':
      return msg('The name is longer than 255 characters.', {
        id: 'error.name.too-long',
        desc: 'Why a file was not sent: its name is longer than 255 characters.',
      });
    default:
      return undefined;
  }
}

/**
 * A sentence for people about why a file failed or waits. The server's own text is never shown: it
 * stays in the error (`error.message`, `error.cause`) for logs and event details.
 */
export function describeError(error: UploadError): string {
  switch (error.reason) {
    case 'network':
      return msg('The connection failed. Check your network and try again.', {
        id: 'error.network',
        desc: 'Why a file failed.',
      });
    case 'server':
      return msg('The server could not take the file right now. Try again in a moment.', {
        id: 'error.server',
        desc: 'Why a file failed.',
      });
    case 'setup':
      return msg("This form is not set up correctly. Please tell the site's owner.", {
        id: 'error.setup',
        desc: 'The element was given settings that cannot work (e.g. an invalid site address).',
      });
    case 'unauthorized':
      if (error.details.signedOut === true)
        return msg('Sign in to continue.', {
          id: 'error.signed-out',
          desc: 'Shown by an element of a signed-in app before the app has signed the user in.',
        });
      return msg('Your session has ended. Sign in again.', {
        id: 'error.unauthorized',
        desc: 'The sign-in session ended.',
      });
    case 'redirected':
      return msg('The site sent this upload to another address, so it was stopped to keep it safe.', {
        id: 'error.redirected',
        desc: 'Why a file failed: the Quatrix site answered with a redirect to another address, which is never followed.',
      });
    case 'encryption':
      return msg('The files could not be encrypted for the person who asked for them, so nothing was sent.', {
        id: 'error.encryption',
        desc: 'A file request demands files encrypted in the browser (PGP), and they could not be encrypted (no usable key of the requester, or the encryption failed); no file was uploaded.',
      });
    case 'too-large': {
      const limit = error.details.limit;
      if (typeof limit === 'number') {
        const size = formatBytes(limit);
        return msg(
          str`This file is too large to encrypt in this browser (at most ${size}). Try another browser.`,
          {
            id: 'error.too-large-memory',
            desc: 'Why a file failed: a file request demands encrypted files, and this browser can only encrypt files up to the given size (it has no private file storage, so it encrypts in memory). The placeholder is a size such as 268 MB.',
          },
        );
      }
      return msg('There is not enough space on this device to encrypt this file.', {
        id: 'error.too-large-space',
        desc: 'Why a file failed: a file request demands encrypted files, and the encrypted copy did not fit in the storage the browser has left.',
      });
    }
    case 'size-mismatch':
      return msg('The file arrived incomplete. Try again.', {
        id: 'error.size-mismatch',
        desc: 'Why a file failed: the server stored fewer bytes than the file has.',
      });
    case 'file-limit':
      return noMoreFilesText();
    case 'not-accepted':
      return describeRestriction(error.details.rule, error.details.limit);
    case 'captcha-required':
      return captchaText();
    case 'name':
      return (
        describeNameProblem(error.details.problem) ??
        msg('The file name is not accepted.', {
          id: 'error.name',
          desc: 'Why a file failed: the server refused its name.',
        })
      );
    case 'restricted':
      return msg('There is not enough room for this file.', {
        id: 'error.restricted',
        desc: "Why a file failed: the owner's storage is full.",
      });
    case 'not-allowed': {
      const activates = error.details.activates;
      if (typeof activates === 'number' && activates > 0) {
        const date = formatDateTime(activates * 1000);
        return msg(str`This request opens on ${date}. Come back then.`, {
          id: 'error.not-active-date',
          desc: 'The file request opens later; the placeholder is the date and time it opens.',
        });
      }
      if (activates !== undefined)
        return msg('This request is not open yet.', {
          id: 'error.not-active',
          desc: 'The file request opens later.',
        });
      break;
    }
    case 'widget-not-found':
      return widgetNotFoundText();
    case 'expired':
      return msg('This request has expired. Ask the person who sent it for a new link.', {
        id: 'error.expired',
        desc: 'The file request is past its deadline; the recipient asks the requester for a new one.',
      });
    case 'deactivated':
      return msg('This upload form is switched off.', {
        id: 'error.deactivated',
        desc: 'The upload widget is deactivated by its owner.',
      });
    case 'not-found':
      if (error.details.request)
        return msg(
          'This request link does not work: it was withdrawn, or it is incomplete. Ask the person who sent it for a new link.',
          {
            id: 'error.request-not-found',
            desc: 'The file request is unknown (withdrawn, or the link was cut short or has no request id).',
          },
        );
      return msg('The destination folder no longer exists.', {
        id: 'error.not-found',
        desc: 'The target folder was deleted.',
      });
    default:
      break;
  }
  const byCode = error.code === undefined ? undefined : describeCode(error.code);
  if (byCode) return byCode;
  switch (error.reason) {
    case 'not-allowed':
      return msg('Uploading is not allowed from here.', {
        id: 'error.not-allowed',
        desc: 'Uploading is refused (e.g. IP restriction).',
      });
    case 'pin-required':
      return pinNeededText();
    default:
      return msg('The file could not be sent.', {
        id: 'error.generic',
        desc: 'Why a file failed, when no better reason is known.',
      });
  }
}
