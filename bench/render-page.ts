/** The page side of `npm run bench:render`: a widget that gets 1,000 files at once. */
import '../src/define.js';
import type { QuatrixWidget } from '../src/index.js';

export interface RenderRun {
  renderMs: number;
  longestTaskMs: number;
  longTasks: number;
  uploaded: number;
}

declare global {
  interface Window {
    benchRender: { run(site: string, widgetId: string, count: number): Promise<RenderRun> };
  }
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

window.benchRender = {
  async run(site, widgetId, count) {
    const el = document.createElement('quatrix-widget') as QuatrixWidget;
    el.setAttribute('site', site);
    el.setAttribute('widget-id', widgetId);
    document.body.replaceChildren(el);
    // Wait until the widget knows its allowance, as a visitor would before dropping files.
    while (!el.shadowRoot?.querySelector('[part=remaining]')) await frame();

    const files = Array.from(
      { length: count },
      (_, i) => new File([`file number ${i}\n`.repeat(64)], `photo-${i}.jpg`),
    );
    // Making the files is the test's own work (a drop hands them over ready): keep it out of the measured task.
    await frame();
    await frame();
    const tasks: number[] = [];
    const observer = new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => tasks.push(e.duration)),
    );
    observer.observe({ type: 'longtask' });
    const done = new Promise<number>((resolve) =>
      el.addEventListener('quatrix-all-done', (e) => resolve(e.detail.successful.length), { once: true }),
    );
    const started = performance.now();
    el.addFiles(files);
    while (!el.shadowRoot!.querySelector('[part~=file]')) await frame();
    await frame(); // painted
    const renderMs = performance.now() - started;
    const uploaded = await done;
    await frame();
    observer.disconnect();
    return { renderMs, longestTaskMs: Math.max(0, ...tasks), longTasks: tasks.length, uploaded };
  },
};
