/** Facts a verifier may use to judge a CAPTCHA token. */
export interface CaptchaContext {
  widgetId: string;
  /** The widget's provider name (`test`, `recaptcha`, `hcaptcha`, `turnstile`, …). */
  provider: string;
  remoteIp: string;
}

/** Decides whether a CAPTCHA token from a provider is valid. Plug in a real provider's check here. */
export type CaptchaVerifier = (token: string, context: CaptchaContext) => boolean | Promise<boolean>;

/**
 * The built-in test provider: a token is valid when it starts with `pass` (`pass`, `pass-1234`…) and
 * invalid otherwise, so tests can both solve and fail a challenge without any third party.
 */
export const testCaptchaVerifier: CaptchaVerifier = (token) => token.startsWith('pass');
