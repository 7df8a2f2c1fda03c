/**
 * What sending bytes needs, fetched together the first time a file is sent (and in the background when
 * an engine is made): tus-js-client and the transports that drive it. A page shows the elements
 * without waiting for any of it.
 */
import { quatrixTransport } from './quatrix.js';
import { tusTransport } from './tus.js';
import type { Transport } from './types.js';

export { Upload } from 'tus-js-client';

/** The transport of each kind of destination. */
export const TRANSPORTS: Record<'quatrix' | 'tus', Transport> = {
  quatrix: quatrixTransport,
  tus: tusTransport,
};
