import { Fields, modifiedMsOf } from './decode.js';
import type { FileMetadata, UploadLink } from './types.js';

/** One path segment, escaped: ids come from callers and must not change the path. */
export function seg(value: string): string {
  if (value === '') throw new TypeError('QuatrixClient: an id must not be empty');
  return encodeURIComponent(value);
}

/** `FileResp`: only `id` is required. */
export function readFileMetadata(f: Fields): FileMetadata {
  return {
    id: f.str('id'),
    name: f.optStr('name', ''),
    parentId: f.optStr('parent_id', ''),
    size: f.optNum('size', 0),
    created: f.optNum('created', 0),
    modified: f.optNum('modified', 0),
    modifiedMs: modifiedMsOf(f),
    type: f.optStr('type', ''),
    subType: f.optStr('sub_type', ''),
    operations: f.optNum('operations', 0),
    metadata: f.optRecord('metadata'),
  };
}

/** `upload/link` and `file/modify`: only `upload_key` is required; the rest defaults to what was asked. */
export function readUploadLink(f: Fields, asked: Omit<UploadLink, 'uploadKey'>): UploadLink {
  return {
    name: f.optStr('name', asked.name),
    fileId: f.optStr('file_id', asked.fileId),
    parentId: f.optStr('parent_id', asked.parentId),
    uploadKey: f.str('upload_key'),
  };
}

/** Whether a file type is a folder: `D` folder, `S` project folder and `T` (as rclone treats them). */
export function isFolderType(type: string): boolean {
  return type === 'D' || type === 'S' || type === 'T';
}

/** Base64 of the UTF-8 bytes of a string (btoa alone fails on non-Latin-1 passwords). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
