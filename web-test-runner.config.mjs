// Browser tests in Debian's Chromium (never a downloaded browser), against emulators that the tests
// start on loopback through the emulator plugin. Run through `npm test`, which loads tsx so that this
// config can import the TypeScript emulator.
import { writeFileSync } from 'node:fs';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { CHROMIUM_FLAGS, chromiumPath } from './scripts/ensure-chromium.mjs';
import { devicePlugin } from './test/plugins/device-plugin.ts';
import { emulatorPlugin } from './test/plugins/emulator-plugin.ts';
import { recorderPlugin } from './test/plugins/recorder-plugin.ts';

// tus-js-client's browser build imports CommonJS packages (url-parse, js-base64…).
const commonjs = fromRollup(rollupCommonjs);

/** Writes `{passed, failed}` for scripts/test.mjs, which prints the closing `N passed, N failed`. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      const visit = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue;
          if (test.passed) passed++;
          else failed++;
        }
        for (const child of suite.suites) visit(child);
      };
      for (const session of sessions) {
        if (session.testResults) visit(session.testResults);
        if ((session.errors ?? []).length > 0) failed++;
      }
      if (process.env.WTR_SUMMARY_FILE)
        writeFileSync(process.env.WTR_SUMMARY_FILE, JSON.stringify({ passed, failed }));
    },
  };
}

export default {
  files: ['test/**/*.test.ts', '!test/**/*.node.test.ts'],
  nodeResolve: { browser: true },
  hostname: '127.0.0.1',
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  // "ResizeObserver loop completed with undelivered notifications" is a benign report (the virtualized
  // list re-measures its rows); mocha would count it as an uncaught error, so it is dropped first.
  testRunnerHtml: (testFramework) => `<!doctype html>
    <html><body>
      <script>
        window.addEventListener('error', (e) => {
          if (/ResizeObserver loop/.test(e.message)) { e.stopImmediatePropagation(); e.preventDefault(); }
        });
      </script>
      <script type="module" src="${testFramework}"></script>
    </body></html>`,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS },
    }),
  ],
  plugins: [
    commonjs({ include: ['**/node_modules/**'], exclude: ['**/node_modules/axe-core/**'] }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    emulatorPlugin(),
    recorderPlugin(),
    devicePlugin(),
  ],
  reporters: [defaultReporter(), countingReporter()],
};
