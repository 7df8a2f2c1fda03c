/** A React app using the wrappers of `quatrix-upload/react`, for react.node.test.ts. */
import { createElement, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { eventProps, QuatrixUploader, QuatrixWidget } from '../../src/react/index.js';
import type { QuatrixEvent } from '../../src/index.js';

export interface ReactResult {
  eventProps: Record<string, string>;
  widgetIdProperty: string;
  added: string[];
  successful: string[];
  apiKeyProperty: string;
  apiKeyInMarkup: boolean;
  quotaShown: boolean;
}

declare global {
  interface Window {
    runReactCheck(site: string, widgetId: string, folderId: string, apiKey: string): Promise<ReactResult>;
  }
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
};

window.runReactCheck = async (site, widgetId, folderId, apiKey) => {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const added: string[] = [];
  const done = new Promise<QuatrixEvent<'quatrix-all-done'>>((resolve) => {
    const app = (): ReactElement =>
      createElement(
        'div',
        null,
        createElement(QuatrixWidget, {
          site,
          widgetId,
          // Typed: `event.detail.files` is UploadFileState[].
          onFileAdded: (event) => added.push(...event.detail.files.map((f) => f.name)),
          onAllDone: resolve,
        }),
        createElement(QuatrixUploader, { site, folderId, apiKey }),
      );
    flushSync(() => root.render(app()));
  });
  const widget = host.querySelector('quatrix-widget')!;
  const uploader = host.querySelector('quatrix-uploader')!;
  await until(() => !!widget.shadowRoot?.querySelector('[part=drop-zone]'));
  widget.addFiles([new File([new Uint8Array(20_000).fill(7)], 'from-react.bin')]);
  const { detail } = await done;
  await until(() => !!uploader.shadowRoot?.querySelector('[part=quota]'));
  const result: ReactResult = {
    eventProps: eventProps('quatrix-file-done', 'quatrix-all-done', 'quatrix-captcha-needed'),
    widgetIdProperty: widget.widgetId,
    added,
    successful: detail.successful.map((f) => f.name),
    apiKeyProperty: uploader.apiKey ?? '',
    apiKeyInMarkup: host.innerHTML.includes(apiKey),
    quotaShown: !!uploader.shadowRoot?.querySelector('[part=quota]'),
  };
  root.unmount();
  return result;
};
