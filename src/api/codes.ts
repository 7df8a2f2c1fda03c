/**
 * Error codes of the Quatrix API reference, as sent in the `code` field of an error body.
 * Listed in the section "Errors" of the API reference.
 */
export const QuatrixCode = {
  Unknown: -1,
  BadParameterValue: 10,
  MissingParameter: 11,
  BadHostName: 12,
  NotFound: 20,
  NotSupported: 21,
  ObjectExists: 30,
  UserExists: 31,
  ContactExists: 32,
  OperationNotSupported: 40,
  RestrictionError: 50,
  PgpDisabled: 51,
  Expired: 60,
  NotAllowedWithout2faSetup: 61,
  NotAllowed: 70,
  NotAllowedWithout2fa: 71,
  NotAllowedWithoutPassword: 72,
  NotAllowedWithoutPin: 73,
  NotAllowedWithoutCaptcha: 74,
  NotAllowedWithoutBasicAuth: 75,
  IpRestriction: 76,
  IpNotInMasks: 77,
  WidgetCaptchaRequired: 78,
  WidgetFileLimit: 79,
  Deactivated: 80,
  Inactive: 81,
  DeactivatedRole: 82,
  Failed2fa: 83,
  FailedPin: 84,
  NoData: 90,
  WidgetNotFound: 91,
} as const;

/** One of the named Quatrix error codes. */
export type QuatrixCodeValue = (typeof QuatrixCode)[keyof typeof QuatrixCode];

const names = new Map<number, string>(Object.entries(QuatrixCode).map(([name, code]) => [code, name]));

/** The constant's name for a code (`78` → `"WidgetCaptchaRequired"`), or `undefined` for an unlisted code. */
export function quatrixCodeName(code: number): string | undefined {
  return names.get(code);
}
