import { QuatrixClient, type QuatrixAuth } from '../../api/index.js';
import { UploadError } from '../../upload/errors.js';

/** What an element knows of who it is: credentials come only from properties, never attributes. */
export interface ElementCredentials {
  readonly apiKey?: string | undefined;
  readonly sessionToken?: string | undefined;
  /** The element works only signed in (`unauthorized` without an API key or session token). */
  readonly required?: boolean | undefined;
}

/**
 * The one place where an element's site and credentials become a client, or the failure to show:
 * `setup` for a site that is not an http(s) URL, `unauthorized` when credentials are required and
 * missing. An API key wins over a session token; without either, the client is anonymous.
 */
export function clientFor(site: string, credentials: ElementCredentials = {}): QuatrixClient | UploadError {
  const { apiKey, sessionToken, required } = credentials;
  const auth: QuatrixAuth = apiKey
    ? { type: 'apiKey', apiKey }
    : sessionToken
      ? { type: 'session', sessionToken }
      : { type: 'none' };
  // Not signed in yet (an app often gives the token a moment after the element is in the page): not
  // an ended session, and said as such.
  if (required && auth.type === 'none')
    return new UploadError('unauthorized', 'no apiKey or sessionToken', { details: { signedOut: true } });
  try {
    return new QuatrixClient({ site, auth });
  } catch (error) {
    return new UploadError('setup', error instanceof Error ? error.message : String(error));
  }
}
