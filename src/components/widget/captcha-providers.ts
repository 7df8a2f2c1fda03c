/** Renders a CAPTCHA challenge into `container` and resolves with the provider's token. */
export type CaptchaProvider = (container: HTMLElement, options: { signal: AbortSignal }) => Promise<string>;

/** The CAPTCHA services the widget knows; each renders into an element and calls back with a token. */
export type CaptchaService = 'recaptcha' | 'hcaptcha' | 'turnstile';

interface RenderApi {
  render(
    container: HTMLElement,
    options: { sitekey: string; callback: (token: string) => void; 'error-callback'?: () => void },
  ): unknown;
}

const SERVICES: Record<CaptchaService, { global: string; script: string }> = {
  recaptcha: { global: 'grecaptcha', script: 'https://www.google.com/recaptcha/api.js?render=explicit' },
  hcaptcha: { global: 'hcaptcha', script: 'https://js.hcaptcha.com/1/api.js?render=explicit' },
  turnstile: {
    global: 'turnstile',
    script: 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit',
  },
};

const loading = new Map<string, Promise<void>>();
/** The part of the Trusted Types API used here (not yet in TypeScript's DOM types). */
interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
interface PolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}

let scriptPolicy: ScriptUrlPolicy | undefined;

/** A script URL the page's Trusted Types accept (policy `quatrix-upload`), or the plain string without them. */
function scriptUrl(url: string): string {
  const tt = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;
  if (!tt) return url;
  scriptPolicy ??= tt.createPolicy('quatrix-upload', { createScriptURL: (u) => u });
  return scriptPolicy.createScriptURL(url) as string;
}

/** Loads a provider's script once per page, only when a challenge is actually needed. */
function load(url: string): Promise<void> {
  let pending = loading.get(url);
  if (!pending) {
    pending = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = scriptUrl(url);
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        loading.delete(url);
        reject(new Error(`could not load ${url}`));
      };
      document.head.append(script);
    });
    loading.set(url, pending);
  }
  return pending;
}

async function api(global: string, signal: AbortSignal): Promise<RenderApi> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const candidate = (globalThis as Record<string, unknown>)[global] as Partial<RenderApi> | undefined;
    if (typeof candidate?.render === 'function') return candidate as RenderApi;
    if (signal.aborted) throw signal.reason;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${global} did not become ready`);
}

/**
 * A `CaptchaProvider` for reCAPTCHA, hCaptcha or Cloudflare Turnstile: loads the service's script (from
 * `scriptUrlOverride` when given, e.g. a self-hosted copy), renders the challenge and resolves its token.
 * Under a Content-Security-Policy the page must allow that script (and, with Trusted Types, the policy
 * `quatrix-upload`).
 */
export function serviceCaptchaProvider(
  service: CaptchaService,
  siteKey: string,
  scriptUrlOverride?: string,
): CaptchaProvider {
  const { global, script } = SERVICES[service];
  return async (container, { signal }) => {
    await load(scriptUrlOverride || script);
    const captcha = await api(global, signal);
    return new Promise<string>((resolve, reject) => {
      const target = document.createElement('div');
      container.append(target);
      captcha.render(target, {
        sitekey: siteKey,
        callback: resolve,
        'error-callback': () => reject(new Error(`${service} failed`)),
      });
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
}
