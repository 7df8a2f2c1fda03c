/**
 * The demo: the Quatrix emulator (demo seed) and the demo site, both on 127.0.0.1, on different
 * origins (the API on one port, the pages on another), as a customer's website and Quatrix would be.
 *
 * Pages (Vite, multi-page):
 * - `/`               what is where, and the demo credentials;
 * - `/website/`       a company website with the script-tag widget (the built `dist/cdn` file), CAPTCHA
 *                     on and a small file allowance;
 * - `/app/`           a single-page app that imports the package: sign in, upload into a folder, and
 *                     create file requests;
 * - `/request/?id=…`  the page a customer opens to answer a file request (one PIN-protected, one for
 *                     signed-in recipients, one that wants files encrypted).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { extname, isAbsolute, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, type Plugin, type ViteDevServer } from 'vite';
import { loadSeed, QuatrixEmulator, type EmulatorOptions } from './emulator/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const CDN = join(ROOT, 'dist', 'cdn');

/** Ids and secrets of the demo seed, for the pages' links and for people. */
export const DEMO = {
  user: { email: 'alice@acme.example', password: 'demo-password', apiKey: 'demo-api-key-alice' },
  websiteWidget: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4e02',
  uploadFolder: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4c03',
  returnsFolder: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4c02',
  websiteFolder: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4c01',
  request: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4f01',
  requestPin: { id: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4f02', pin: '4711' },
  /** A request only a signed-in contact or user may answer. */
  requestSignIn: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4f03',
  /** A request that wants files encrypted to Alice's demo key (private key: demo/keys/). */
  requestEncrypted: '5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4f04',
  /** Contacts who may sign in to answer a request; the second also gives a 2FA code. */
  contact: { email: 'dana@customer.example', password: 'dana-password' },
  contact2fa: { email: 'erik@audit.example', password: 'erik-password', twoFactorCode: '246810' },
} as const;

export interface Demo {
  emulator: QuatrixEmulator;
  /** The demo site, e.g. `http://127.0.0.1:5173`. */
  url: string;
  pages: {
    home: string;
    website: string;
    app: string;
    request: string;
    requestPin: string;
    requestSignIn: string;
    requestEncrypted: string;
  };
  close(): Promise<void>;
}

/** Builds the script-tag file (`npm run build` does too), so the website page uses the real thing. */
async function buildScriptTag(): Promise<void> {
  await build({ configFile: join(ROOT, 'vite.script.config.ts'), root: ROOT, logLevel: 'warn' });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };

/** Serves dist/cdn at /cdn/, as a CDN would serve the package's script-tag file. */
function cdn(): Plugin {
  return {
    name: 'quatrix-demo-cdn',
    configureServer(server) {
      server.middlewares.use('/cdn', (req, res, next) => {
        let path: string;
        try {
          path = normalize(join(CDN, decodeURIComponent((req.url ?? '/').split('?')[0]!)));
        } catch {
          return next(); // a malformed %-sequence
        }
        const inside = relative(CDN, path);
        if (inside.startsWith('..') || isAbsolute(inside) || !existsSync(path) || !statSync(path).isFile())
          return next();
        res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
        res.end(readFileSync(path));
      });
    },
  };
}

/** Puts the emulator's address into the pages' CSP and meta tags (no inline script anywhere). */
function siteUrl(site: string): Plugin {
  return {
    name: 'quatrix-demo-site',
    transformIndexHtml: (html) =>
      html
        .replaceAll('%QUATRIX_SITE%', site)
        .replaceAll('%WEBSITE_WIDGET%', DEMO.websiteWidget)
        .replaceAll('%UPLOAD_FOLDER%', DEMO.uploadFolder)
        .replaceAll('%RETURNS_FOLDER%', DEMO.returnsFolder)
        .replaceAll('%REQUEST%', DEMO.request)
        .replaceAll('%REQUEST_PIN%', DEMO.requestPin.id)
        .replaceAll('%PIN%', DEMO.requestPin.pin)
        .replaceAll('%EMAIL%', DEMO.user.email)
        .replaceAll('%PASSWORD%', DEMO.user.password)
        .replaceAll('%API_KEY%', DEMO.user.apiKey)
        .replaceAll('%REQUEST_SIGN_IN%', DEMO.requestSignIn)
        .replaceAll('%REQUEST_ENCRYPTED%', DEMO.requestEncrypted)
        .replaceAll('%CONTACT_EMAIL%', DEMO.contact.email)
        .replaceAll('%CONTACT_PASSWORD%', DEMO.contact.password)
        .replaceAll('%CONTACT_2FA_EMAIL%', DEMO.contact2fa.email)
        .replaceAll('%CONTACT_2FA_PASSWORD%', DEMO.contact2fa.password)
        .replaceAll('%CONTACT_2FA_CODE%', DEMO.contact2fa.twoFactorCode),
  };
}

/** A free port on 127.0.0.1 (the demo's address must be known before the emulator starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startDemo(
  options: { emulatorPort?: number; demoPort?: number; emulator?: Partial<EmulatorOptions> } = {},
): Promise<Demo> {
  await buildScriptTag();
  const port = options.demoPort || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const emulator = await QuatrixEmulator.start({
    seed: loadSeed(join(HERE, 'seed.json')),
    port: options.emulatorPort ?? 0,
    requestPageUrl: `${url}/request/?id={id}`,
    ...options.emulator,
  });
  let server: ViteDevServer;
  try {
    server = await createServer({
      root: HERE,
      configFile: false,
      logLevel: 'warn',
      server: { host: '127.0.0.1', port, strictPort: true },
      appType: 'mpa',
      // The app imports the package by its name, as an SPA would; here it resolves to the source.
      resolve: {
        alias: [
          { find: /^quatrix-upload\/define$/, replacement: join(ROOT, 'src/define.ts') },
          { find: /^quatrix-upload$/, replacement: join(ROOT, 'src/index.ts') },
        ],
      },
      // Dependencies are pre-bundled once at start, never discovered later: a discovery would reload
      // every open page half-way through whatever a person (or a test) was doing on it.
      optimizeDeps: {
        noDiscovery: true,
        include: [
          'lit',
          'lit/decorators.js',
          'lit/directives/repeat.js',
          '@lit/localize',
          'tus-js-client',
          '@lit-labs/virtualizer/virtualize.js',
          '@lit-labs/virtualizer/layouts/flow.js',
        ],
      },
      plugins: [cdn(), siteUrl(emulator.url)],
    });
    await server.listen();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator,
    url,
    pages: {
      home: `${url}/`,
      website: `${url}/website/`,
      app: `${url}/app/`,
      request: `${url}/request/?id=${DEMO.request}`,
      requestPin: `${url}/request/?id=${DEMO.requestPin.id}`,
      requestSignIn: `${url}/request/?id=${DEMO.requestSignIn}`,
      requestEncrypted: `${url}/request/?id=${DEMO.requestEncrypted}`,
    },
    close: async () => {
      await server.close();
      await emulator.close();
    },
  };
}
