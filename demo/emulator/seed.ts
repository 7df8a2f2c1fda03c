import { readFileSync } from 'node:fs';

/** A user of the emulated site. */
export interface SeedUser {
  id: string;
  email: string;
  password: string;
  name: string;
  /** Id of the user's home folder (made automatically). */
  homeId: string;
  /** API keys that authenticate as this user (`Authorization: Bearer …`). */
  apiKeys?: string[];
  /** Storage limit in bytes; -1 or absent: none. */
  quota?: number;
  /** A PIN as second factor: login answers 207 with `Mfa-Code: 73` until it is given. */
  pin?: string;
  status?: 'active' | 'deactivated';
  /** The user's public PGP key, armoured: a request of theirs that asks for encrypted returns gives it as `sender_key`. */
  pgpPublicKey?: string;
}

/** A folder below a user's home (or below another seeded folder). */
export interface SeedFolder {
  id: string;
  /** Parent folder id: a user's `homeId` or another seeded folder. */
  parent: string;
  name: string;
  /** `D` a folder (default), `S` a project folder, `T` (a folder too, as rclone treats it). */
  type?: 'D' | 'S' | 'T';
}

/** A contact of a user: someone a file request goes to. */
export interface SeedContact {
  id: string;
  /** Owning user id. */
  owner: string;
  name: string;
  email: string;
  /** With a password the contact may sign in (`GET /session/login`), e.g. to answer a request. */
  password?: string;
  /** A second factor: login answers 207 with `Mfa-Code: 71` until `POST /session/login` gives it. */
  twoFactorCode?: string;
  /** The contact's public PGP key, armoured (`/contact/pgp-key/{id}`, `/pgp-key/recipients`). */
  pgpPublicKey?: string;
}

/** A public upload widget. */
export interface SeedWidget {
  id: string;
  /** Owning user id. */
  owner: string;
  /** Folder that receives the files. */
  folder: string;
  /** CAPTCHA provider: `none`, or `test` (the built-in provider: tokens starting with `pass` are valid). */
  captcha?: string;
  /** Files one visitor session may send; default 100. */
  filesPerSession?: number;
  status?: 'active' | 'deactivated';
  /** When set, only these client IPs may use the widget (others: code 76). */
  allowedIps?: string[];
}

/** A file request ("please send me files"). */
export interface SeedFileRequest {
  id: string;
  owner: string;
  /** Folder that receives the returned files. */
  folder: string;
  subject: string;
  message?: string;
  locale?: string;
  pin?: string;
  /** Seconds from the emulator's start (negative: in the past); default: a day ago. */
  activatesIn?: number;
  /** Seconds from the emulator's start (negative: already expired); absent: never expires. */
  expiresIn?: number;
  filesPerShare?: number;
  revoked?: boolean;
  /** The returned files must be encrypted to the owner's public PGP key (`return_pgp_encrypted`). */
  returnPgpEncrypted?: boolean;
  /**
   * Only a session signed in as a contact or a user may answer (`request_auth`). Default false here,
   * although `share/request` defaults to true as the API does: seeded requests open without sign-in.
   */
  requestAuth?: boolean;
}

export interface SeedLanguage {
  id: string;
  name: string;
}

/** Everything the emulator starts with. */
export interface Seed {
  /** `pgpEnabled`: PGP is switched on for the site (default false), as Quatrix's PGP management is. */
  account: { title: string; language: string; status?: string; pgpEnabled?: boolean };
  defaultLanguage: string;
  languages: SeedLanguage[];
  users: SeedUser[];
  folders?: SeedFolder[];
  contacts?: SeedContact[];
  widgets?: SeedWidget[];
  fileRequests?: SeedFileRequest[];
}

/** Reads and checks a seed file; a broken seed stops the emulator with a message naming the problem. */
export function loadSeed(file: string): Seed {
  const seed = JSON.parse(readFileSync(file, 'utf8')) as Seed;
  checkSeed(seed);
  return seed;
}

export function checkSeed(seed: Seed): void {
  const need = (ok: unknown, what: string): void => {
    if (!ok) throw new Error(`Invalid emulator seed: ${what}`);
  };
  need(seed && typeof seed === 'object', 'not an object');
  need(typeof seed.account?.title === 'string', 'account.title must be a string');
  need(typeof seed.defaultLanguage === 'string', 'defaultLanguage must be a string');
  need(Array.isArray(seed.languages), 'languages must be an array');
  need(Array.isArray(seed.users), 'users must be an array');
  const ids = new Set<string>();
  const unique = (id: string, what: string): void => {
    need(typeof id === 'string' && id !== '', `${what} needs an id`);
    need(!ids.has(id), `duplicate id ${id}`);
    ids.add(id);
  };
  for (const u of seed.users) {
    unique(u.id, 'user');
    unique(u.homeId, `user ${u.id} homeId`);
    need(
      typeof u.email === 'string' && typeof u.password === 'string',
      `user ${u.id} needs email and password`,
    );
  }
  for (const f of seed.folders ?? []) {
    unique(f.id, 'folder');
    need(f.type === undefined || ['D', 'S', 'T'].includes(f.type), `folder ${f.id} type must be D, S or T`);
  }
  for (const c of seed.contacts ?? []) {
    unique(c.id, 'contact');
    need(c.password === undefined || typeof c.password === 'string', `contact ${c.id} password`);
    need(
      c.twoFactorCode === undefined || typeof c.password === 'string',
      `contact ${c.id} has a second factor but no password`,
    );
  }
  for (const w of seed.widgets ?? []) unique(w.id, 'widget');
  for (const r of seed.fileRequests ?? []) unique(r.id, 'file request');
}
