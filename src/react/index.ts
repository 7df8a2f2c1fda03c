/**
 * React components for the elements, made with @lit/react: `import { QuatrixWidget } from
 * 'quatrix-upload/react'`. Properties (including `apiKey`, `sessionToken` and `captchaProvider`) are
 * set as properties, never attributes; every `quatrix-*` event is an `on…` prop with its typed event
 * (`quatrix-file-done` → `onFileDone`). Importing this module defines the elements.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { ELEMENT_EVENTS, type QuatrixEvent, type QuatrixEventDetails } from '../events/index.js';
import { QuatrixFileRequest as FileRequestElement } from '../components/file-request/quatrix-file-request.define.js';
import { QuatrixRequestFiles as RequestFilesElement } from '../components/request-files/quatrix-request-files.define.js';
import { QuatrixUploader as UploaderElement } from '../components/uploader/quatrix-uploader.define.js';
import { QuatrixWidget as WidgetElement } from '../components/widget/quatrix-widget.define.js';

type QuatrixEventName = keyof QuatrixEventDetails;

/** `quatrix-file-done` → `onFileDone`. */
type PropName<N extends string> = N extends `quatrix-${infer Rest}` ? `on${Pascal<Rest>}` : never;
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;

type EventProps<N extends QuatrixEventName> = { [K in N as PropName<K>]: EventName<QuatrixEvent<K>> };

/** The React prop of each event (exported for tests and for people who map events themselves). */
export function eventProps<N extends QuatrixEventName>(...names: N[]): EventProps<N> {
  const props: Record<string, string> = {};
  for (const name of names) {
    const pascal = name
      .slice('quatrix-'.length)
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join('');
    props[`on${pascal}`] = name;
  }
  return props as EventProps<N>;
}

/** `<quatrix-widget>` for React. */
export const QuatrixWidget = createComponent({
  tagName: 'quatrix-widget',
  elementClass: WidgetElement,
  react: React,
  events: eventProps(...ELEMENT_EVENTS['quatrix-widget']),
  displayName: 'QuatrixWidget',
});

/** `<quatrix-uploader>` for React. */
export const QuatrixUploader = createComponent({
  tagName: 'quatrix-uploader',
  elementClass: UploaderElement,
  react: React,
  events: eventProps(...ELEMENT_EVENTS['quatrix-uploader']),
  displayName: 'QuatrixUploader',
});

/** `<quatrix-file-request>` for React. */
export const QuatrixFileRequest = createComponent({
  tagName: 'quatrix-file-request',
  elementClass: FileRequestElement,
  react: React,
  events: eventProps(...ELEMENT_EVENTS['quatrix-file-request']),
  displayName: 'QuatrixFileRequest',
});

/** `<quatrix-request-files>` for React. */
export const QuatrixRequestFiles = createComponent({
  tagName: 'quatrix-request-files',
  elementClass: RequestFilesElement,
  react: React,
  events: eventProps(...ELEMENT_EVENTS['quatrix-request-files']),
  displayName: 'QuatrixRequestFiles',
});
