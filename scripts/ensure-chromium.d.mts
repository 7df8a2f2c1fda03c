/** Path of the Chromium the browser tests and benchmarks use (CHROME_PATH or Debian's /usr/bin/chromium). */
export function chromiumPath(): string;
/** That path, installing Debian's chromium first when it is missing and this process may (root on Debian). */
export function ensureChromium(): string;
/** Flags that work on these machines (closed network, root, no GPU). */
export const CHROMIUM_FLAGS: readonly string[];
