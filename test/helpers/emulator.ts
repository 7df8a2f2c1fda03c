import { QuatrixEmulator, type EmulatorOptions } from '../../demo/emulator/index.js';
import { testSeed } from '../fixtures/seed.js';

/** Starts an emulator on loopback with the test seed (or the given options). */
export function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<QuatrixEmulator> {
  return QuatrixEmulator.start({ seed: testSeed(), ...options });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
}

export interface RawInit {
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
  raw?: BodyInit | Uint8Array;
}

/** A raw HTTP call, bypassing the client under test: what is on the wire is what the test sees. */
export async function call(
  base: string,
  method: string,
  path: string,
  init: RawInit = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers['X-Auth-Token'] = init.token;
  let body = init.raw as BodyInit | undefined;
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** `Basic` header value of UTF-8 credentials. */
export function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`, 'utf8').toString('base64')}`;
}
