import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { ApiFailure, fail } from './errors.js';
import { checkName, insideRoot, resolveClash } from './names.js';
import { RangeSet } from './range-set.js';
import type { Seed, SeedFileRequest, SeedUser, SeedWidget } from './seed.js';

/** Parent id of every home folder. */
export const ROOT_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Folder types: `D` a folder, `S` a project folder, `T` (rclone treats it as a folder, as it does `D`
 * and `S`). `F` is a file.
 */
export type FolderType = 'D' | 'S' | 'T';

/** Whether a node is a folder of any type: every "is a folder" check goes through here. */
export function isFolder(node: Pick<FsNode, 'type'>): boolean {
  return node.type !== 'F';
}

/** Who made a file or folder (`action_role` of `file/info`). */
export interface Actor {
  id: string;
  name: string;
  email: string;
}

/** A file or folder. Folders exist on disk as directories, files once finalized. */
export interface FsNode {
  id: string;
  name: string;
  parentId: string;
  type: FolderType | 'F';
  ownerId: string;
  /** Unix seconds (fractional). */
  created: number;
  modified: number;
  size: number;
  /**
   * `pending`: an upload link exists but nothing has been finalized yet. Listed (Quatrix shows partial
   * uploads, says rclone), but invisible to quota.
   */
  state: 'ready' | 'pending';
  /** Free-form metadata that came with a widget upload. */
  payload?: Record<string, unknown>;
  /** Set for a file uploaded through a widget: `file/info` then answers `widget_metadata`. */
  fromWidget?: boolean;
  /** Who made it; absent: the owner. */
  createdBy?: Actor;
}

/** A visitor's or a user's session. */
export interface Session {
  id: string;
  /** Signed-in user; absent for a public visitor. */
  userId?: string;
  /** Signed-in contact (a file-request recipient with a password); absent otherwise. */
  contactId?: string;
  /** Waiting for a second factor: good for nothing but `POST /session/login`. */
  mfaPending?: boolean;
  /** Clock time of the last API action (ms). */
  lastAction: number;
  captchaPassed: Set<string>;
  widgetFilesUsed: Map<string, number>;
  pinUnlocked: Set<string>;
  /** Files linked for each file request in this session. */
  returnLinked: Map<string, Set<string>>;
}

/** One file's upload in progress, reached through its key. */
export interface Upload {
  key: string;
  nodeId: string;
  kind: 'widget' | 'user' | 'return';
  /** The session that asked for the link (none with an API key). */
  sessionId?: string;
  widgetId?: string;
  requestId?: string;
  /** Size declared at link time, if any; otherwise learned from the first Content-Range. */
  total?: number;
  ranges: RangeSet;
  partPath: string;
  /** New name on finalize (`file/modify` with `name`). */
  rename?: string;
  /** The answer of the first successful finalize: a repeated finalize returns it again. */
  finalized?: { id: string; parent_id: string; size: number; modified: number };
}

export interface WidgetState extends Required<Omit<SeedWidget, 'allowedIps'>> {
  allowedIps?: string[];
}

export interface FileRequestState {
  id: string;
  owner: string;
  folder: string;
  subject: string;
  message: string;
  locale: string;
  pin?: string;
  /** Unix seconds. */
  activates: number;
  /** Unix seconds; 0: never. */
  expires: number;
  filesPerShare: number;
  revoked: boolean;
  /** `request_auth`: only a session signed in as a contact or a user may answer. */
  requestAuth: boolean;
  /** `send_email`: kept; the emulator sends no e-mail. */
  sendEmail: boolean;
  /** `return_pgp_encrypted`: the returned files must be encrypted to the owner's public key. */
  returnPgpEncrypted: boolean;
  returns: Array<{ sessionId: string; files: string[]; message: string; at: number }>;
  recipients: string[];
}

/** How a call of a request with `request_auth` is refused when the session is not signed in. */
export interface RequestAuthFailure {
  status: number;
  code: number;
}

/** Store settings beyond the seed. */
export interface StoreOptions {
  /** Default `{status: 401, code: 70}` (our choice: Quatrix's answer is unknown). */
  requestAuthFailure?: RequestAuthFailure;
}

/** The emulated site's data: the file tree, sessions, uploads, widgets and file requests. */
export class Store {
  readonly users = new Map<string, SeedUser>();
  readonly nodes = new Map<string, FsNode>();
  readonly sessions = new Map<string, Session>();
  readonly uploads = new Map<string, Upload>();
  readonly widgets = new Map<string, WidgetState>();
  readonly requests = new Map<string, FileRequestState>();
  readonly contacts: NonNullable<Seed['contacts']>;
  readonly requestAuthFailure: RequestAuthFailure;

  constructor(
    readonly seed: Seed,
    readonly dataDir: string,
    readonly now: () => number,
    readonly sessionTtlMs: number,
    options: StoreOptions = {},
  ) {
    this.requestAuthFailure = options.requestAuthFailure ?? { status: 401, code: 70 };
    mkdirSync(insideRoot(dataDir, 'files'), { recursive: true });
    mkdirSync(insideRoot(dataDir, 'uploads'), { recursive: true });
    const t = now() / 1000;
    for (const user of seed.users) {
      this.users.set(user.id, user);
      this.addFolder(user.homeId, user.homeId, ROOT_ID, user.id);
    }
    const pendingFolders = [...(seed.folders ?? [])];
    while (pendingFolders.length > 0) {
      const index = pendingFolders.findIndex((f) => this.nodes.has(f.parent));
      if (index < 0)
        throw new Error(`Invalid emulator seed: folder ${pendingFolders[0]?.id} has an unknown parent`);
      const [folder] = pendingFolders.splice(index, 1);
      if (!folder) break;
      const parent = this.nodes.get(folder.parent)!;
      this.addFolder(folder.id, checkName(folder.name), parent.id, parent.ownerId, folder.type ?? 'D');
    }
    this.contacts = seed.contacts ?? [];
    for (const w of seed.widgets ?? []) {
      this.folderOf(w.folder, `widget ${w.id}`);
      this.widgets.set(w.id, { captcha: 'none', filesPerSession: 100, status: 'active', ...w });
    }
    for (const r of seed.fileRequests ?? []) this.requests.set(r.id, this.requestFromSeed(r, t));
  }

  private requestFromSeed(r: SeedFileRequest, t: number): FileRequestState {
    this.folderOf(r.folder, `file request ${r.id}`);
    return {
      id: r.id,
      owner: r.owner,
      folder: r.folder,
      subject: r.subject,
      message: r.message ?? '',
      locale: r.locale ?? this.seed.account.language,
      pin: r.pin,
      activates: t + (r.activatesIn ?? -86_400),
      expires: r.expiresIn === undefined ? 0 : t + r.expiresIn,
      filesPerShare: r.filesPerShare ?? 100,
      revoked: r.revoked ?? false,
      // Seeds default to no sign-in (unlike `share/request`), so that a seeded request opens as before.
      requestAuth: r.requestAuth ?? false,
      sendEmail: false,
      returnPgpEncrypted: r.returnPgpEncrypted ?? false,
      returns: [],
      recipients: [],
    };
  }

  private folderOf(id: string, who: string): FsNode {
    const node = this.nodes.get(id);
    if (!node || !isFolder(node)) throw new Error(`Invalid emulator seed: ${who} names unknown folder ${id}`);
    return node;
  }

  private addFolder(
    id: string,
    name: string,
    parentId: string,
    ownerId: string,
    type: FolderType = 'D',
  ): FsNode {
    const t = this.now() / 1000;
    return this.addNode({
      id,
      name,
      parentId,
      type,
      ownerId,
      created: t,
      modified: t,
      size: 0,
      state: 'ready',
    });
  }

  private addNode(node: FsNode): FsNode {
    this.nodes.set(node.id, node);
    if (isFolder(node)) mkdirSync(this.diskPath(node.id), { recursive: true });
    return node;
  }

  // ---- the file tree -------------------------------------------------------------------------------

  /** Where a node lives on disk: `files/{homeId}/{names…}`, always inside the data directory. */
  diskPath(id: string): string {
    const names: string[] = [];
    for (let node = this.nodes.get(id); node; node = this.nodes.get(node.parentId)) names.unshift(node.name);
    return insideRoot(this.dataDir, 'files', ...names);
  }

  childByName(parentId: string, name: string): FsNode | undefined {
    for (const node of this.nodes.values()) if (node.parentId === parentId && node.name === name) return node;
    return undefined;
  }

  /** Whether `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorId: string): boolean {
    for (let node = this.nodes.get(id); node; node = this.nodes.get(node.parentId)) {
      if (node.id === ancestorId) return true;
    }
    return false;
  }

  /** A folder the caller may write in: it exists, is a folder, and lies within `scope`. */
  writableFolder(id: unknown, scope: string): FsNode {
    if (typeof id !== 'string') fail(10, 'Invalid parameter: parent id');
    const node = this.nodes.get(id);
    if (!node || !isFolder(node)) fail(20, 'Folder not found', { id });
    if (!this.isWithin(id, scope)) fail(70, 'Not allowed to write in this folder', { id });
    return node;
  }

  /**
   * Makes a folder. `onClash`: `find` returns the existing folder of that name (widget, file return),
   * `rename` picks a free name, `fail` answers code 30.
   */
  makeFolder(
    parent: FsNode,
    rawName: unknown,
    onClash: 'find' | 'rename' | 'fail',
  ): { node: FsNode; created: boolean } {
    let name = checkName(rawName);
    const existing = this.childByName(parent.id, name);
    if (existing) {
      if (onClash === 'find' && isFolder(existing)) return { node: existing, created: false };
      if (onClash === 'fail' || onClash === 'find')
        fail(30, 'An object with this name already exists', { name });
      name = resolveClash(name, (n) => this.childByName(parent.id, n) !== undefined);
    }
    return { node: this.addFolder(randomUUID(), name, parent.id, parent.ownerId), created: true };
  }

  /** Reserves a file node for an upload; its content appears on finalize. */
  reserveFile(
    parent: FsNode,
    rawName: unknown,
    resolve: boolean,
    extra: Pick<FsNode, 'payload' | 'fromWidget' | 'createdBy'> = {},
  ): FsNode {
    let name = checkName(rawName);
    if (this.childByName(parent.id, name)) {
      if (!resolve) fail(30, 'An object with this name already exists', { name });
      name = resolveClash(name, (n) => this.childByName(parent.id, n) !== undefined);
    }
    const t = this.now() / 1000;
    return this.addNode({
      id: randomUUID(),
      name,
      parentId: parent.id,
      type: 'F',
      ownerId: parent.ownerId,
      created: t,
      modified: t,
      size: 0,
      state: 'pending',
      ...extra,
    });
  }

  /** Bytes stored by a user (finalized files only: a reserved file holds nothing yet). */
  usedBytes(userId: string): number {
    let sum = 0;
    for (const node of this.nodes.values())
      if (node.ownerId === userId && node.type === 'F' && node.state === 'ready') sum += node.size;
    return sum;
  }

  /** Refuses an upload that cannot fit the owner's quota (code 50). */
  checkQuota(userId: string, extra: number): void {
    const limit = this.users.get(userId)?.quota ?? -1;
    if (limit >= 0 && this.usedBytes(userId) + extra > limit) {
      fail(50, 'Not enough storage space', {
        user_limit: limit,
        user_used: this.usedBytes(userId),
        file_size: extra,
      });
    }
  }

  /**
   * The request, when a recipient may still use it: unknown or revoked 20, not yet active 70,
   * expired 60. Checked on every call of the return, chunks and finalize included.
   */
  checkRequestOpen(id: string | undefined): FileRequestState {
    const r = this.requests.get(id ?? '');
    if (!r || r.revoked) fail(20, 'Request not found');
    const now = this.now() / 1000;
    if (r.activates > now) fail(70, 'Request is not active yet', { activates: r.activates });
    if (r.expires > 0 && r.expires <= now) fail(60, 'Request has expired', { expires: r.expires });
    return r;
  }

  /**
   * A request with `request_auth` wants a session signed in as a contact or a user (any of the site's:
   * our choice; Quatrix may restrict it to the request's recipients). Otherwise it answers
   * `requestAuthFailure`.
   */
  checkRequestAuth(r: FileRequestState, session: Session | undefined): void {
    if (!r.requestAuth || (session && this.signedIn(session))) return;
    const { status, code } = this.requestAuthFailure;
    throw new ApiFailure(code, 'This request requires signing in', { request_auth: true }, status);
  }

  /** Signed in as a user or a contact, second factor done. */
  signedIn(session: Session): boolean {
    return !session.mfaPending && (session.userId !== undefined || session.contactId !== undefined);
  }

  // ---- sessions ------------------------------------------------------------------------------------

  newSession(identity: { userId?: string; contactId?: string } = {}): Session {
    if (this.sessions.size % 1000 === 999) this.sweepSessions();
    const session: Session = {
      id: randomUUID(),
      lastAction: this.now(),
      captchaPassed: new Set(),
      widgetFilesUsed: new Map(),
      pinUnlocked: new Set(),
      returnLinked: new Map(),
      ...(identity.userId ? { userId: identity.userId } : {}),
      ...(identity.contactId ? { contactId: identity.contactId } : {}),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Forgets expired sessions: a long-running demo makes one per visitor. */
  private sweepSessions(): void {
    for (const session of [...this.sessions.values()]) this.liveSession(session.id);
  }

  /** A live session for a token, or undefined when unknown or idle for longer than the TTL. */
  liveSession(token: string | undefined): Session | undefined {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session) return undefined;
    if (this.now() - session.lastAction > this.sessionTtlMs) {
      this.sessions.delete(session.id);
      return undefined;
    }
    return session;
  }

  // ---- uploads -------------------------------------------------------------------------------------

  newUpload(init: Omit<Upload, 'key' | 'ranges' | 'partPath'>): Upload {
    const key = randomUUID();
    const upload: Upload = {
      ...init,
      key,
      ranges: new RangeSet(),
      partPath: insideRoot(this.dataDir, 'uploads', `${key}.part`),
    };
    this.uploads.set(key, upload);
    return upload;
  }
}
