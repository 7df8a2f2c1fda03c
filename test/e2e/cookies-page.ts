/** A site on one origin embedding the public widget of a Quatrix site on another. */
import '../../src/define.js';

declare global {
  interface Window {
    /** Sends one file through a CAPTCHA-protected widget; answers how many files arrived. */
    sendThroughWidget(site: string, widgetId: string): Promise<{ sent: number; failed: string[] }>;
  }
}

window.sendThroughWidget = async (site, widgetId) => {
  const widget = document.createElement('quatrix-widget');
  widget.site = site;
  widget.widgetId = widgetId;
  // The emulator's test provider takes tokens that start with "pass".
  widget.captchaProvider = async () => 'pass-third-party';
  document.body.append(widget);
  await widget.updateComplete;
  const done = new Promise<{ sent: number; failed: string[] }>((resolve) =>
    widget.addEventListener(
      'quatrix-all-done',
      (e) =>
        resolve({
          sent: e.detail.successful.length,
          failed: e.detail.failed.map((f) => String(f.error?.reason)),
        }),
      { once: true },
    ),
  );
  widget.addFiles([new File(['across origins, without cookies'], 'note.txt', { type: 'text/plain' })]);
  return done;
};
