/**
 * `npm run demo`: the Quatrix emulator and the demo site (see demo/server.ts), both on 127.0.0.1.
 * Ports: QUATRIX_EMULATOR_PORT (default 8787) and DEMO_PORT (default 5173).
 */
import { DEMO, startDemo } from './server.js';

const demo = await startDemo({
  emulatorPort: Number(process.env.QUATRIX_EMULATOR_PORT ?? 8787),
  demoPort: Number(process.env.DEMO_PORT ?? 5173),
});

console.log(`
quatrix-upload demo

  Quatrix emulator (the API)   ${demo.emulator.url}
  Start here                   ${demo.pages.home}
  Company website (script tag) ${demo.pages.website}
  App (npm package)            ${demo.pages.app}
  File request                 ${demo.pages.request}
  File request with a PIN      ${demo.pages.requestPin}   PIN ${DEMO.requestPin.pin}
  File request with sign-in    ${demo.pages.requestSignIn}
  Encrypted file request       ${demo.pages.requestEncrypted}   (Alice's demo private key: demo/keys/)

  Sign in to the app as ${DEMO.user.email} / ${DEMO.user.password} (or API key ${DEMO.user.apiKey}).
  Sign in to a file request as a contact: ${DEMO.contact.email} / ${DEMO.contact.password}, or
  ${DEMO.contact2fa.email} / ${DEMO.contact2fa.password} with the 2FA code ${DEMO.contact2fa.twoFactorCode}.
  The website's CAPTCHA is a test challenge: tick "I am human".
  Uploaded files land in the emulator's storage; stop with Ctrl+C.
`);

const stop = async (): Promise<void> => {
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
