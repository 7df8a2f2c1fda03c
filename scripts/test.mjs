/**
 * `npm test`: every test, Node-side (node:test, emulator and API client) and in Chromium
 * (@web/test-runner against the emulator), then one closing line `N passed, N failed`.
 * `--node` or `--browser` runs one side only; other arguments go to the runners as file filters.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const only = args.includes('--node') ? 'node' : args.includes('--browser') ? 'browser' : undefined;
const filters = args.filter((a) => !a.startsWith('--'));
const scratch = mkdtempSync(path.join(tmpdir(), 'quatrix-tests-'));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function run(command, argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const matches = (file) => filters.length === 0 || filters.some((f) => file.includes(f));

async function nodeTests() {
  const files = walk(path.join(root, 'test')).filter((f) => f.endsWith('.node.test.ts') && matches(f));
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tap = path.join(scratch, 'node.tap');
  const code = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  return { passed, failed: failed === 0 && code !== 0 ? 1 : failed };
}

async function browserTests() {
  const files = walk(path.join(root, 'test')).filter((f) => /(?<!\.node)\.test\.ts$/.test(f) && matches(f));
  if (files.length === 0) return { passed: 0, failed: 0 };
  ensureChromium();
  const summary = path.join(scratch, 'browser.json');
  const code = await run(
    process.execPath,
    [
      'node_modules/@web/test-runner/dist/bin.js',
      '--config',
      'web-test-runner.config.mjs',
      ...files.map((f) => path.relative(root, f)),
    ],
    { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim(), WTR_SUMMARY_FILE: summary },
  );
  let result = { passed: 0, failed: 0 };
  try {
    result = JSON.parse(readFileSync(summary, 'utf8'));
  } catch {
    /* the runner died before its summary: counted below */
  }
  return { passed: result.passed, failed: result.failed === 0 && code !== 0 ? 1 : result.failed };
}

let total = { passed: 0, failed: 0 };
try {
  for (const [side, runSide] of [
    ['node', nodeTests],
    ['browser', browserTests],
  ]) {
    if (only && only !== side) continue;
    try {
      const r = await runSide();
      console.log(`${side} tests: ${r.passed} passed, ${r.failed} failed`);
      total = { passed: total.passed + r.passed, failed: total.failed + r.failed };
    } catch (error) {
      console.error(`${side} tests could not run: ${error instanceof Error ? error.message : error}`);
      total.failed += 1;
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
