import { randomUUID } from 'node:crypto';
import type { CaptchaVerifier } from './captcha.js';
import { rm } from 'node:fs/promises';
import { fail, unauthorized } from './errors.js';
import { field, type Ctx } from './http.js';
import { checkName } from './names.js';
import { notEncryptedTo } from './pgp.js';
import type { SeedContact, SeedUser } from './seed.js';
import {
  isFolder,
  ROOT_ID,
  type Actor,
  type FileRequestState,
  type FsNode,
  type Session,
  type Store,
  type WidgetState,
} from './store.js';
import { finalizeUpload, forgetUpload, receiveChunk, type ChunkLimits } from './uploads.js';

/** What a handler answers: a JSON body and its status (default 200). */
export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** How `sender_key` is spelled: armoured text, base64 of it, or base64 of the binary key. */
export type SenderKeyEncoding = 'armored' | 'base64-armored' | 'base64-binary';

/** An armoured PGP key spelled as `encoding` asks. */
function encodeKey(armored: string, encoding: SenderKeyEncoding): string {
  if (encoding === 'armored') return armored;
  if (encoding === 'base64-armored') return Buffer.from(armored, 'utf8').toString('base64');
  // The armour's body is base64 of the binary key already; its checksum line (`=…`) is not part of it.
  return armored
    .split(/\r?\n/)
    .filter(
      (line) => line !== '' && !line.startsWith('-----') && !line.startsWith('=') && !line.includes(':'),
    )
    .join('');
}

export interface RouteOptions {
  store: Store;
  captchaVerifier: CaptchaVerifier;
  chunkLimits: ChunkLimits;
  /** The page a file-request recipient opens; `{id}` is replaced by the request id. */
  requestPageUrl: (id: string) => string;
  /** The logo served by `/account/logo`. */
  logo: { type: string; data: Buffer };
  /** Status of a wrong widget CAPTCHA token: 200 `{valid: false, files_remaining}` or 401 `{valid: false}`. */
  captchaRejectStatus: 200 | 401;
  /** `created` of files and folders in whole seconds instead of seconds with a fraction. */
  wholeSecondCreated: boolean;
  senderKeyEncoding: SenderKeyEncoding;
  /** `files-return/send` refuses a file of an encrypted return that is not encrypted to the owner. */
  refuseUnencryptedReturns: boolean;
}

/** Above this many ids, `file/delete` answers 202 with a job (swagger). */
const DELETE_SYNC_LIMIT = 10;

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const secs = (ms: number): number => ms / 1000;

/** Every API call of the emulated site, under `/api/1.0`, plus the chunk endpoint at the root. */
export function routes(o: RouteOptions): Route[] {
  const { store } = o;
  const api = (method: string, path: string, handler: Handler): Route => ({
    method,
    pattern: new RegExp(`^/api/1\\.0${path.replace(/\{[a-z_]+\}/g, '([^/]+)')}$`),
    handler,
  });

  /** The caller's session, made on first contact: public visitors get one too. */
  const visitor = (ctx: Ctx): Session => {
    let session = store.liveSession(ctx.token);
    if (!session || session.mfaPending) session = store.newSession();
    session.lastAction = store.now();
    ctx.giveSession(session);
    return session;
  };

  /** The signed-in user, by API key or session; every call is an API action that keeps a session alive. */
  const user = (ctx: Ctx): { user: SeedUser; session?: Session } => {
    const key = ctx.apiKey;
    let found: { user: SeedUser; session?: Session } | undefined;
    if (key !== undefined) {
      const owner = [...store.users.values()].find((u) => u.apiKeys?.includes(key));
      if (!owner) unauthorized('Invalid API key');
      found = { user: owner };
    } else {
      const session = store.liveSession(ctx.token);
      const owner = session?.userId ? store.users.get(session.userId) : undefined;
      if (!session || !owner || session.mfaPending) unauthorized();
      session.lastAction = store.now();
      found = { user: owner, session };
    }
    if (found.user.status === 'deactivated') fail(80, 'User is deactivated');
    return found;
  };

  const widget = (ctx: Ctx): WidgetState => {
    const w = store.widgets.get(ctx.params[0] ?? '');
    if (!w) fail(91, "Widget doesn't exist");
    if (w.status === 'deactivated') fail(80, 'Widget is deactivated');
    if (w.allowedIps && !w.allowedIps.includes(ctx.ip)) fail(76, 'Not allowed: IP restriction');
    return w;
  };
  const filesRemaining = (w: WidgetState, s: Session): number =>
    Math.max(0, w.filesPerSession - (s.widgetFilesUsed.get(w.id) ?? 0));
  const captchaPassed = (w: WidgetState, s: Session): boolean =>
    w.captcha === 'none' || s.captchaPassed.has(w.id);
  /** makedir and upload-link: CAPTCHA first (78), then the allowance (79). */
  const widgetMayUpload = (w: WidgetState, s: Session): void => {
    if (!captchaPassed(w, s)) fail(78, 'Widget CAPTCHA required');
    if (filesRemaining(w, s) <= 0)
      fail(79, 'Widget file limit reached', { files_remaining: 0, files_per_session: w.filesPerSession });
  };

  /**
   * The request as its recipient may see it: unknown/revoked 20, not yet active 70, expired 60, then
   * sign-in when it has `request_auth` (`requestAuthFailure`), then PIN 73. Our choice of order: the page
   * learns first whether the request is still open, then what it must ask the person for.
   */
  const fileRequest = (id: string | undefined, session: Session, needPin = true): FileRequestState => {
    const r = store.checkRequestOpen(id);
    store.checkRequestAuth(r, session);
    if (needPin && r.pin !== undefined && !session.pinUnlocked.has(r.id)) fail(73, 'Not allowed without PIN');
    return r;
  };

  const contactOf = (s: Session): SeedContact | undefined =>
    s.contactId === undefined ? undefined : store.contacts.find((c) => c.id === s.contactId);
  /** The signed-in person of a session, if any. */
  const actorOf = (s: Session | undefined): Actor | undefined => {
    if (!s || s.mfaPending) return undefined;
    const u = s.userId ? store.users.get(s.userId) : undefined;
    const person = u ?? contactOf(s);
    return person ? { id: person.id, name: person.name, email: person.email } : undefined;
  };
  const userActor = (u: SeedUser): Actor => ({ id: u.id, name: u.name, email: u.email });

  /** A declared size the site accepts at all. */
  const fileSize = <T extends number | undefined>(size: T): T => {
    if (size !== undefined && size > o.chunkLimits.maxFileBytes) {
      fail(10, 'File is too large', { file_size: size, limit: o.chunkLimits.maxFileBytes }, 413);
    }
    return size;
  };

  /** FileResp. `modified_ms` is Unix seconds with a fraction, as rclone reads it (despite its name). */
  const fileResp = (n: FsNode): Record<string, unknown> => ({
    id: n.id,
    created: o.wholeSecondCreated ? Math.floor(n.created) : n.created,
    modified: n.modified,
    name: n.name,
    parent_id: n.parentId,
    size: n.size,
    modified_ms: n.modified,
    type: n.type,
    metadata: n.payload ?? {},
    operations: isFolder(n) ? 0b11111 : 0b11011,
    sub_type: isFolder(n) ? 'regular' : 'file',
  });

  /** A node of the user's home (pending files included: Quatrix shows partial uploads), else 20. */
  const ownNode = (u: SeedUser, id: string | undefined): FsNode => {
    const node = store.nodes.get(id ?? '');
    if (!node || !store.isWithin(node.id, u.homeId)) fail(20, 'File not found', { id });
    return node;
  };

  /** The node's path below its owner's home, e.g. `/Inbox/report.pdf`. */
  const homePath = (n: FsNode): string => {
    const names: string[] = [];
    for (let x: FsNode | undefined = n; x && x.parentId !== ROOT_ID; x = store.nodes.get(x.parentId))
      names.unshift(x.name);
    return `/${names.join('/')}`;
  };

  /** Each key's id and date, made the first time it is read. */
  const keysMade = new Map<string, { id: string; at: number }>();
  /** 403 with code 51 unless PGP management is on for the site. */
  const pgpEnabled = (): void => {
    if (!store.seed.account.pgpEnabled) fail(51, 'PGP management is disabled', undefined, 403);
  };
  /**
   * A key's record as the production clients describe it; `public` is base64 of the armoured key (our
   * choice: the format says only base64). The emulator holds no private keys: `private` is empty.
   */
  const keyOf = (owner: string, email: string, armored: string | undefined, missing: string) => {
    if (!armored) fail(20, missing, undefined, 404);
    const made = (keysMade.get(owner) ??
      keysMade.set(owner, { id: randomUUID(), at: Math.floor(secs(store.now())) }).get(owner))!;
    const at = made.at;
    return {
      id: made.id,
      name: email,
      created: at,
      modified: at,
      public: Buffer.from(armored, 'utf8').toString('base64'),
      private: '',
      email,
    };
  };

  return [
    // ---- session --------------------------------------------------------------------------------
    api('GET', '/session/login', async (ctx) => {
      const credentials = ctx.basic;
      if (!credentials) unauthorized('Basic authentication required');
      const email = credentials.email.toLowerCase();
      // Users first, then contacts that have a password (a file-request recipient signing in).
      const u = [...store.users.values()].find((x) => x.email.toLowerCase() === email);
      if (u) {
        if (u.password !== credentials.password) unauthorized('Wrong e-mail or password');
        if (u.status === 'deactivated') fail(80, 'User is deactivated');
        const session = store.newSession({ userId: u.id });
        if (u.pin !== undefined) {
          session.mfaPending = true;
          return { status: 207, body: { session_id: session.id }, headers: { 'Mfa-Code': '73' } };
        }
        return ok({ session_id: session.id });
      }
      const c = store.contacts.find((x) => x.password !== undefined && x.email.toLowerCase() === email);
      if (!c || c.password !== credentials.password) unauthorized('Wrong e-mail or password');
      const session = store.newSession({ contactId: c.id });
      if (c.twoFactorCode !== undefined) {
        session.mfaPending = true;
        return { status: 207, body: { session_id: session.id }, headers: { 'Mfa-Code': '71' } };
      }
      return ok({ session_id: session.id });
    }),
    api('POST', '/session/login', async (ctx) => {
      const body = await ctx.json();
      const session = store.liveSession(ctx.token);
      const u = session?.userId ? store.users.get(session.userId) : undefined;
      const c = session ? contactOf(session) : undefined;
      if (!session || !session.mfaPending || !(u || c)) unauthorized('No login waiting for a second factor');
      const authType = field.str(body, 'auth_type');
      if (authType !== 'PIN' && authType !== '2FA')
        fail(10, 'Invalid parameter: auth_type', { field: 'auth_type' });
      const code = Buffer.from(field.str(body, 'code'), 'base64').toString('utf8');
      // A user's second factor here is a PIN (73), a contact's a 2FA code (71).
      const [wanted, expected] = u ? ['PIN', u.pin] : ['2FA', c?.twoFactorCode];
      if (authType !== wanted || code !== expected)
        fail(authType === 'PIN' ? 84 : 83, 'Second factor failed', undefined, 401);
      session.mfaPending = false;
      session.lastAction = store.now();
      return ok({ session_id: session.id });
    }),
    api('GET', '/session/keepalive', async (ctx) => {
      // Any live session may be kept alive: a user's, or a visitor's whose long upload outlasts it.
      if (ctx.apiKey !== undefined) {
        user(ctx);
        return ok({});
      }
      const session = store.liveSession(ctx.token);
      if (!session || session.mfaPending) unauthorized();
      session.lastAction = store.now();
      return ok({});
    }),
    api('GET', '/session/logout', async (ctx) => {
      const token = ctx.token;
      if (token) store.sessions.delete(token);
      return ok({});
    }),

    // ---- account and language -------------------------------------------------------------------
    api('GET', '/account/metadata', async () =>
      ok({
        status: store.seed.account.status ?? 'active',
        title: store.seed.account.title,
        language: store.seed.account.language,
        default_logo: true,
      }),
    ),
    api('GET', '/account/logo', async () => ({
      body: o.logo.data,
      headers: { 'Content-Type': o.logo.type },
    })),
    api('GET', '/languages/default', async () => ok({ id: store.seed.defaultLanguage })),
    api('GET', '/languages', async (ctx) => {
      user(ctx);
      return ok(store.seed.languages.map((l) => ({ id: l.id, name: l.name, filename: `${l.id}.json` })));
    }),

    // ---- widget ---------------------------------------------------------------------------------
    api('GET', '/widget/metadata/{id}', async (ctx) => {
      const w = widget(ctx);
      const s = visitor(ctx);
      return ok({ id: w.id, captcha_passed: captchaPassed(w, s), files_remaining: filesRemaining(w, s) });
    }),
    api('POST', '/widget/unblock-captcha/{id}', async (ctx) => {
      const w = widget(ctx);
      const s = visitor(ctx);
      const token = field.str(await ctx.json(), 'token');
      const valid =
        w.captcha === 'none' ||
        (await o.captchaVerifier(token, { widgetId: w.id, provider: w.captcha, remoteIp: ctx.ip }));
      if (valid) s.captchaPassed.add(w.id);
      // A wrong token: 200 as the API page shows, or 401 `{valid: false}` as the production clients show
      // for /session/unblock-captcha (`captchaRejectStatus`).
      if (!valid && o.captchaRejectStatus === 401) return ok({ valid: false }, 401);
      return ok({ valid, files_remaining: filesRemaining(w, s) });
    }),
    api('POST', '/widget/makedir/{id}', async (ctx) => {
      const w = widget(ctx);
      const s = visitor(ctx);
      const body = await ctx.json();
      widgetMayUpload(w, s);
      const parent = store.writableFolder(field.optStr(body, 'parent_id') ?? w.folder, w.folder);
      const { node, created } = store.makeFolder(parent, body.name, 'find');
      return ok(
        { id: node.id, parent_id: node.parentId, name: node.name, modified: node.modified },
        created ? 201 : 200,
      );
    }),
    api('POST', '/widget/upload-link/{id}', async (ctx) => {
      const w = widget(ctx);
      const s = visitor(ctx);
      const body = await ctx.json();
      widgetMayUpload(w, s);
      const size = fileSize(field.num(body, 'file_size'));
      const payload = body.payload;
      if (
        payload !== undefined &&
        payload !== null &&
        (typeof payload !== 'object' || Array.isArray(payload))
      ) {
        fail(10, 'Invalid parameter: payload must be an object', { field: 'payload' });
      }
      const parent = store.writableFolder(field.optStr(body, 'parent_id') ?? w.folder, w.folder);
      store.checkQuota(w.owner, size);
      const node = store.reserveFile(parent, body.name, true, {
        ...(payload ? { payload: payload as Record<string, unknown> } : {}),
        fromWidget: true,
        createdBy: { id: w.id, name: 'Website widget', email: '' },
      });
      s.widgetFilesUsed.set(w.id, (s.widgetFilesUsed.get(w.id) ?? 0) + 1);
      const upload = store.newUpload({
        nodeId: node.id,
        kind: 'widget',
        sessionId: s.id,
        widgetId: w.id,
        total: size,
      });
      return ok({ upload_key: upload.key });
    }),
    api('GET', '/widget/finalize-upload/{key}', async (ctx) => {
      const upload = store.uploads.get(ctx.params[0] ?? '');
      if (!upload || upload.kind !== 'widget') fail(20, 'Upload key not found');
      const result = await finalizeUpload(store, upload);
      return ok({ id: result.id, parent_id: result.parent_id, size: result.size });
    }),

    // ---- upload (authenticated) -----------------------------------------------------------------
    api('POST', '/upload/link', async (ctx) => {
      const { user: u, session } = user(ctx);
      const body = await ctx.json();
      const parent = store.writableFolder(field.str(body, 'parent_id'), u.homeId);
      const size = fileSize(field.optNum(body, 'file_size'));
      if (size !== undefined) store.checkQuota(u.id, size);
      const node = store.reserveFile(parent, body.name, field.optBool(body, 'resolve') ?? true, {
        createdBy: userActor(u),
      });
      const upload = store.newUpload({
        nodeId: node.id,
        kind: 'user',
        ...(session ? { sessionId: session.id } : {}),
        ...(size !== undefined ? { total: size } : {}),
      });
      return ok({ name: node.name, file_id: node.id, parent_id: node.parentId, upload_key: upload.key });
    }),
    api('POST', '/file/modify', async (ctx) => {
      const { user: u, session } = user(ctx);
      const body = await ctx.json();
      const id = field.str(body, 'id');
      const node = store.nodes.get(id);
      if (!node || node.type !== 'F' || node.state !== 'ready') fail(20, 'File not found', { id });
      if (!store.isWithin(id, u.homeId)) fail(70, 'Not allowed to modify this file', { id });
      field.optNum(body, 'truncate');
      const rename = field.optStr(body, 'name');
      if (rename !== undefined && rename !== node.name) {
        checkName(rename);
        if (store.childByName(node.parentId, rename))
          fail(30, 'An object with this name already exists', { name: rename });
      }
      const upload = store.newUpload({
        nodeId: node.id,
        kind: 'user',
        ...(session ? { sessionId: session.id } : {}),
        ...(rename !== undefined ? { rename } : {}),
      });
      return ok({
        name: rename ?? node.name,
        file_id: node.id,
        parent_id: node.parentId,
        upload_key: upload.key,
      });
    }),
    api('GET', '/upload/finalize/{key}', async (ctx) => {
      const upload = store.uploads.get(ctx.params[0] ?? '');
      if (!upload || upload.kind === 'widget') fail(20, 'Upload key not found');
      if (upload.kind === 'user') {
        const { user: u } = user(ctx);
        if (!store.isWithin(upload.nodeId, u.homeId)) fail(70, 'Not allowed');
      } else {
        const s = store.liveSession(ctx.token);
        if (!s || s.id !== upload.sessionId) unauthorized();
        s.lastAction = store.now();
        store.checkRequestAuth(store.checkRequestOpen(upload.requestId), s);
      }
      const raw = ctx.url.searchParams.get('mtime');
      const mtime = raw === null ? undefined : Number(raw);
      if (mtime !== undefined && !(Number.isFinite(mtime) && mtime >= 0))
        fail(10, 'Invalid parameter: mtime', { field: 'mtime' });
      return ok(await finalizeUpload(store, upload, mtime));
    }),
    api('POST', '/file/makedir', async (ctx) => {
      const { user: u } = user(ctx);
      const body = await ctx.json();
      const parent = store.writableFolder(field.str(body, 'target'), u.homeId);
      const { node } = store.makeFolder(
        parent,
        body.name,
        (field.optBool(body, 'resolve') ?? true) ? 'rename' : 'fail',
      );
      return ok(fileResp(node), 201);
    }),
    api('GET', '/file/metadata/{id}', async (ctx) => {
      const { user: u } = user(ctx);
      const node = ownNode(u, ctx.params[0]);
      const withContent = ctx.url.searchParams.get('content') !== '0' && isFolder(node);
      // Reserved, unfinished files are listed too: rclone marks Quatrix as showing partial uploads.
      const content = withContent
        ? [...store.nodes.values()].filter((n) => n.parentId === node.id).map(fileResp)
        : [];
      // FileMetadataGetResp is FileResp without `modified_ms`, with `gid`, `uid` and `content`.
      const { modified_ms: _omit, ...meta } = fileResp(node);
      return ok({ ...meta, gid: 0, uid: 0, content });
    }),
    api('GET', '/file/info/{id}', async (ctx) => {
      const { user: u } = user(ctx);
      const node = ownNode(u, ctx.params[0]);
      const owner = store.users.get(node.ownerId);
      const info: Record<string, unknown> = {
        id: node.id,
        created: node.created,
        modified: node.modified,
        content_modified: node.modified,
        name: node.name,
        size: node.size,
        type: node.type,
        file_owner: owner ? userActor(owner) : {},
        action_role: node.createdBy ?? (owner ? userActor(owner) : {}),
        // The swagger says only "Path and Type of path to File": our shape.
        paths: { path: homePath(node), type: node.type },
      };
      // Production clients read a widget upload's payload back as `widget_metadata`.
      if (node.fromWidget) info.widget_metadata = node.payload ?? {};
      return ok(info);
    }),
    api('POST', '/file/delete', async (ctx) => {
      const { user: u } = user(ctx);
      const body = await ctx.json();
      const ids = [...new Set(field.strList(body, 'ids'))];
      if (ids.length === 0) fail(11, 'Missing parameter: ids', { field: 'ids' });
      field.optBool(body, 'delete_permanently');
      // Every id is checked before anything is deleted: a refused call deletes nothing.
      for (const id of ids) {
        const node = store.nodes.get(id);
        if (!node) fail(20, 'File not found', { id });
        if (!store.isWithin(id, u.homeId)) fail(70, 'Not allowed to delete this file', { id });
        if (id === u.homeId) fail(70, 'The home folder cannot be deleted', { id });
      }
      for (const id of ids) {
        if (!store.nodes.has(id)) continue; // below a folder deleted just before
        const doomed = [...store.nodes.values()].filter((n) => store.isWithin(n.id, id));
        const doomedIds = new Set(doomed.map((n) => n.id));
        await rm(store.diskPath(id), { recursive: true, force: true });
        for (const upload of [...store.uploads.values()])
          if (doomedIds.has(upload.nodeId)) await forgetUpload(store, upload);
        for (const n of doomed) store.nodes.delete(n.id);
      }
      // Over ten ids the swagger answers 202 with a job; here the job is already done.
      return ids.length > DELETE_SYNC_LIMIT ? ok({ job_id: randomUUID() }, 202) : ok({ ids });
    }),
    api('GET', '/profile/info', async (ctx) => {
      const { user: u } = user(ctx);
      const accUsed = [...store.users.keys()].reduce((sum, id) => sum + store.usedBytes(id), 0);
      return ok({
        user_used: store.usedBytes(u.id),
        user_limit: u.quota ?? -1,
        acc_used: accUsed,
        acc_limit: -1,
      });
    }),
    api('GET', '/profile', async (ctx) => {
      const { user: u } = user(ctx);
      return ok({ id: u.id, name: u.name, email: u.email, home_id: u.homeId });
    }),

    // ---- PGP keys (the production clients: 403 with code 51 when PGP management is off, 404 when a
    // contact has no key; that a user without a key answers 404 too is our choice, by analogy) --------
    api('GET', '/user/pgp-key/{id}', async (ctx) => {
      user(ctx);
      pgpEnabled();
      const owner = store.users.get(ctx.params[0]!);
      if (!owner) fail(20, 'User not found', { id: ctx.params[0] });
      return ok(keyOf(owner.id, owner.email, owner.pgpPublicKey, "User doesn't have a PGP key"));
    }),
    api('GET', '/contact/pgp-key/{id}', async (ctx) => {
      const { user: u } = user(ctx);
      pgpEnabled();
      const contact = store.contacts.find((c) => c.id === ctx.params[0] && c.owner === u.id);
      if (!contact) fail(20, 'Contact not found', { id: ctx.params[0] });
      return ok(keyOf(contact.id, contact.email, contact.pgpPublicKey, "Contact doesn't have a PGP key"));
    }),
    api('POST', '/pgp-key/recipients', async (ctx) => {
      const { user: u } = user(ctx);
      pgpEnabled();
      const ids = field.strList(await ctx.json(), 'ids');
      // Only the ids that have a key are listed (the answer names each by `recipient_id`).
      const known = [
        ...[...store.users.values()].map((x) => ({ id: x.id, email: x.email, key: x.pgpPublicKey })),
        ...store.contacts
          .filter((c) => c.owner === u.id)
          .map((c) => ({ id: c.id, email: c.email, key: c.pgpPublicKey })),
      ];
      return ok(
        ids.flatMap((id) => {
          const r = known.find((k) => k.id === id && k.key);
          if (!r?.key) return [];
          const { private: _secret, ...key } = keyOf(r.id, r.email, r.key, '');
          return [{ ...key, recipient_id: r.id }];
        }),
      );
    }),
    api('GET', '/contact', async (ctx) => {
      const { user: u } = user(ctx);
      const created = Math.floor(secs(store.now()));
      return ok(
        store.contacts
          .filter((c) => c.owner === u.id)
          .map((c) => ({
            id: c.id,
            name: c.name,
            email: c.email,
            type: 'C',
            status: 'A',
            created,
            owner_id: c.owner,
            readonly: false,
            has_key: Boolean(c.pgpPublicKey),
            groups: [],
          })),
      );
    }),

    // ---- share request and file return -----------------------------------------------------------
    api('POST', '/share/request', async (ctx) => {
      const { user: u } = user(ctx);
      const body = await ctx.json();
      const ids = field.strList(body, 'ids');
      if (ids.length === 0) fail(11, 'Missing parameter: ids', { field: 'ids' });
      for (const id of ids) {
        if (!store.contacts.some((c) => c.id === id && c.owner === u.id))
          fail(20, 'Contact not found', { id });
      }
      const folder = store.writableFolder(field.optStr(body, 'folder_id') ?? u.homeId, u.homeId);
      const sendEmail = field.optBool(body, 'send_email') ?? true;
      const requestAuth = field.optBool(body, 'request_auth') ?? true;
      const returnPgpEncrypted = field.optBool(body, 'return_pgp_encrypted') ?? false;
      if (returnPgpEncrypted) {
        // 403 with code 51 when PGP is off, as the production clients report it; a user without a key
        // is refused with code 10 (our choice: Quatrix does not say).
        if (!store.seed.account.pgpEnabled) fail(51, 'PGP management is disabled', undefined, 403);
        if (!u.pgpPublicKey) fail(10, 'The user has no PGP key', { field: 'return_pgp_encrypted' });
      }
      const now = secs(store.now());
      const request: FileRequestState = {
        id: randomUUID(),
        owner: u.id,
        folder: folder.id,
        subject: `${u.name} requests files`,
        message: field.optStr(body, 'message') ?? '',
        locale: store.seed.account.language,
        activates: now,
        expires: 0,
        filesPerShare: 100,
        revoked: false,
        requestAuth,
        sendEmail,
        returnPgpEncrypted,
        returns: [],
        recipients: ids,
      };
      store.requests.set(request.id, request);
      return ok({ id: request.id, url: o.requestPageUrl(request.id), job_id: randomUUID() });
    }),
    api('GET', '/files-return/metadata/{id}', async (ctx) => {
      const s = visitor(ctx);
      const r = fileRequest(ctx.params[0], s);
      const owner = store.users.get(r.owner);
      // The person signed in, else the request's first recipient.
      const recipient = actorOf(s) ?? store.contacts.find((c) => c.id === r.recipients[0]);
      return ok({
        id: r.id,
        subject: r.subject,
        title: store.seed.account.title,
        message: r.message,
        sender_name: owner?.name ?? '',
        sender_email: owner?.email ?? '',
        user_name: recipient?.name ?? '',
        user_email: recipient?.email ?? '',
        locale: r.locale,
        share_type: 'R',
        folder_id: r.folder,
        activates: r.activates,
        expires: r.expires,
        files_per_share: r.filesPerShare,
        pgp_enabled: store.seed.account.pgpEnabled ?? false,
        return_pgp_encrypted: r.returnPgpEncrypted,
        // The requester's public PGP key, for an encrypted return (its name says so; no client says more).
        sender_key:
          r.returnPgpEncrypted && owner?.pgpPublicKey
            ? encodeKey(owner.pgpPublicKey, o.senderKeyEncoding)
            : '',
      });
    }),
    api('POST', '/share/login-pin', async (ctx) => {
      const s = visitor(ctx);
      const body = await ctx.json();
      const r = fileRequest(field.str(body, 'id'), s, false);
      const pin = Buffer.from(field.str(body, 'pin'), 'base64').toString('utf8');
      if (r.pin !== undefined && pin !== r.pin) fail(84, 'Wrong PIN');
      s.pinUnlocked.add(r.id);
      return ok({});
    }),
    api('POST', '/files-return/makedir/{id}', async (ctx) => {
      const s = visitor(ctx);
      const r = fileRequest(ctx.params[0], s);
      const body = await ctx.json();
      const parent = store.writableFolder(field.optStr(body, 'parent_id') ?? r.folder, r.folder);
      const { node, created } = store.makeFolder(parent, body.name, 'find');
      return ok({ id: node.id, parent_id: node.parentId, modified: node.modified }, created ? 201 : 200);
    }),
    api('POST', '/files-return/upload-link/{id}', async (ctx) => {
      const s = visitor(ctx);
      const r = fileRequest(ctx.params[0], s);
      const body = await ctx.json();
      const linked = s.returnLinked.get(r.id) ?? new Set<string>();
      if (linked.size >= r.filesPerShare)
        fail(50, 'Too many files for this request', { files_per_share: r.filesPerShare });
      const parent = store.writableFolder(field.optStr(body, 'parent_id') ?? r.folder, r.folder);
      const size = fileSize(field.optNum(body, 'file_size'));
      if (size !== undefined) store.checkQuota(r.owner, size);
      const node = store.reserveFile(parent, body.name, true, {
        // Never the session id: that is the visitor's token.
        createdBy: actorOf(s) ?? { id: '', name: 'Anonymous recipient', email: '' },
      });
      linked.add(node.id);
      s.returnLinked.set(r.id, linked);
      const upload = store.newUpload({
        nodeId: node.id,
        kind: 'return',
        sessionId: s.id,
        requestId: r.id,
        ...(size !== undefined ? { total: size } : {}),
      });
      return ok({ file_id: node.id, upload_key: upload.key, parent_id: node.parentId });
    }),
    api('POST', '/files-return/send', async (ctx) => {
      const s = visitor(ctx);
      const body = await ctx.json();
      const r = fileRequest(field.str(body, 'id'), s);
      const files = field.strList(body, 'files');
      if (files.length === 0) fail(11, 'Missing parameter: files', { field: 'files' });
      const linked = s.returnLinked.get(r.id) ?? new Set<string>();
      for (const id of files) {
        if (!linked.has(id) || store.nodes.get(id)?.state !== 'ready')
          fail(10, 'File is not a finished upload of this return', { id });
        const key = store.users.get(r.owner)?.pgpPublicKey;
        if (o.refuseUnencryptedReturns && r.returnPgpEncrypted && key) {
          const problem = await notEncryptedTo(store.diskPath(id), key);
          if (problem) fail(10, `File is not encrypted for the requester: ${problem}`, { id });
        }
      }
      r.returns.push({
        sessionId: s.id,
        files: [...new Set(files)],
        message: field.optStr(body, 'message') ?? '',
        at: secs(store.now()),
      });
      return ok({ file_ids: [...new Set(files)] });
    }),

    // ---- the chunk protocol, at the site root ----------------------------------------------------
    {
      method: 'POST',
      pattern: /^\/upload\/chunked\/([^/]+)$/,
      handler: async (ctx) => ok(await receiveChunk(store, ctx, ctx.params[0] ?? '', o.chunkLimits)),
    },
  ];
}
