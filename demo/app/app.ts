// The app page: what an SPA developer writes. The package comes from npm (here its source); the
// session token lives in memory and reaches the elements as a property, never an attribute or a URL.
import 'quatrix-upload/define';
import { QuatrixClient, QuatrixError } from 'quatrix-upload';

const site = document.querySelector<HTMLMetaElement>('meta[name="quatrix-site"]')!.content;
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>('sign-in');
const uploader = $('uploader') as HTMLElementTagNameMap['quatrix-uploader'];
const request = $('request') as HTMLElementTagNameMap['quatrix-request-files'];
let client: QuatrixClient | undefined;

function signedIn(email: string, token: string | undefined): void {
  uploader.sessionToken = token;
  request.sessionToken = token;
  $('workspace').hidden = !token;
  form.hidden = Boolean(token);
  $('sign-out').hidden = !token;
  $('who').textContent = token ? email : '';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const email = String(data.get('email'));
  $('sign-in-error').textContent = '';
  client = new QuatrixClient({ site });
  client
    .login(email, String(data.get('password')))
    .then((result) => {
      if (result.mfaRequired) throw new Error('This demo account has no second factor.');
      signedIn(email, result.sessionId);
    })
    .catch((error: unknown) => {
      $('sign-in-error').textContent =
        error instanceof QuatrixError && error.status === 401
          ? 'Wrong e-mail or password.'
          : 'Signing in failed. Is the emulator running?';
    });
});

$('sign-out').addEventListener('click', () => {
  void client?.logout().catch(() => {});
  signedIn('', undefined);
});

request.addEventListener('quatrix-request-created', (event) => {
  $('created').textContent = `Request created: ${event.detail.url}`;
});
