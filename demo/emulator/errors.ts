/**
 * HTTP status the emulator answers for each Quatrix code. The API page gives the codes; where it does not
 * give the status, this table is the emulator's choice: parameter errors 400, missing things 404,
 * refusals 403, failed authentication 401, internal faults 500.
 */
const STATUS_BY_CODE: Record<number, number> = {
  [-1]: 500,
  10: 400,
  11: 400,
  12: 400,
  20: 404,
  21: 400,
  30: 409,
  31: 409,
  32: 409,
  40: 400,
  50: 403,
  51: 403,
  60: 403,
  61: 403,
  70: 403,
  71: 403,
  72: 403,
  73: 403,
  74: 403,
  75: 403,
  76: 403,
  77: 403,
  78: 403,
  79: 403,
  80: 403,
  81: 403,
  82: 403,
  83: 401,
  84: 403,
  90: 404,
  91: 404,
};

/** A Quatrix error answer: `{msg, code, details?}` with its HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly details?: Record<string, unknown>,
    readonly status: number = STATUS_BY_CODE[code] ?? 400,
  ) {
    super(msg);
  }

  body(): { msg: string; code: number; details?: Record<string, unknown> } {
    return this.details
      ? { msg: this.msg, code: this.code, details: this.details }
      : { msg: this.msg, code: this.code };
  }
}

/** Throws the Quatrix error `code`. */
export function fail(code: number, msg: string, details?: Record<string, unknown>, status?: number): never {
  throw new ApiFailure(code, msg, details, status);
}

/** No valid session or key: 401. */
export function unauthorized(msg = 'Session is missing, invalid or expired'): never {
  throw new ApiFailure(70, msg, undefined, 401);
}
