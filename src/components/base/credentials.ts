import { QuatrixClient, type QuatrixAuth } from '../../api/index.js';
import { UploadError } from '../../upload/index.js';

/**
 * The client of an element that needs a signed-in user: credentials come only from properties (an API
 * key or a session token), never from attributes. Answers the failure to show when it cannot be made.
 */
export function authenticatedClient(
  site: string,
  apiKey: string | undefined,
  sessionToken: string | undefined,
): QuatrixClient | UploadError {
  const auth: QuatrixAuth | undefined = apiKey
    ? { type: 'apiKey', apiKey }
    : sessionToken
      ? { type: 'session', sessionToken }
      : undefined;
  if (!auth) return new UploadError('unauthorized', 'no apiKey or sessionToken');
  try {
    return new QuatrixClient({ site, auth });
  } catch (error) {
    return new UploadError('setup', error instanceof Error ? error.message : String(error));
  }
}
