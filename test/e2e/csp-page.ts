/** A page under a strict Content-Security-Policy with Trusted Types: every element must work here. */
import '../../src/define.js';

export interface CspResult {
  enforced: boolean;
  viaWidget: number;
  viaUploader: number;
  rendered: number;
  violations: string[];
}

declare global {
  interface Window {
    runCspCheck(
      site: string,
      widgetId: string,
      folderId: string,
      requestId: string,
      apiKey: string,
    ): Promise<CspResult>;
  }
}

const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) =>
  violations.push(`${e.violatedDirective}: ${e.blockedURI}`),
);

function make(tag: string, attrs: Record<string, string>): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return el;
}

function sent(el: HTMLElement, file: File): Promise<number> {
  const done = new Promise<number>((resolve) =>
    el.addEventListener('quatrix-all-done', (e) => resolve(e.detail.successful.length), { once: true }),
  );
  (el as HTMLElement & { addFiles(f: File[]): void }).addFiles([file]);
  return done;
}

window.runCspCheck = async (site, widgetId, folderId, requestId, apiKey) => {
  const widget = make('quatrix-widget', { site, 'widget-id': widgetId });
  const uploader = make('quatrix-uploader', { site, 'folder-id': folderId });
  (uploader as HTMLElement & { apiKey: string }).apiKey = apiKey;
  make('quatrix-file-request', { site, 'request-id': requestId });
  const creator = make('quatrix-request-files', { site, 'folder-id': folderId });
  (creator as HTMLElement & { apiKey: string }).apiKey = apiKey;
  await new Promise((r) => setTimeout(r, 500));
  const viaWidget = await sent(
    widget,
    new File(['<script>alert(1)</script>'], '<img src=x onerror=alert(1)>.txt'),
  );
  const viaUploader = await sent(uploader, new File(['hello'], 'csp.txt'));
  const rendered = [...document.querySelectorAll('*')].filter(
    (el) => el.shadowRoot?.childElementCount,
  ).length;
  await new Promise((r) => setTimeout(r, 100)); // violation reports arrive as tasks
  const seen = [...violations];
  // Last, prove that Trusted Types are enforced here: a plain string into an HTML sink is refused.
  let enforced = false;
  try {
    document.body.innerHTML = '<b>x</b>';
  } catch {
    enforced = true;
  }
  return { enforced, viaWidget, viaUploader, rendered, violations: seen };
};
