/** The page side of `npm run bench:render`: a widget that gets many files at once (flat, or a dropped folder). */
import '../src/define.js';
import type { QuatrixWidget } from '../src/index.js';

export interface RenderRun {
  renderMs: number;
  /** The longest task from adding the files until they show (the add itself is one task). */
  addTaskMs: number;
  /** The longest task while they upload, after they show, and how many took over 50 ms. */
  longestTaskMs: number;
  longTasks: number;
  uploaded: number;
  /** JS heap growth while the files are listed and sent (MB, 10^6 bytes): at its highest, and at the end. */
  heapPeakMb: number;
  heapEndMb: number;
  /**
   * What the list and the engine keep (MB), after a full collection: once the files show, and once
   * they are all sent (the larger of the two). Garbage not collected yet is in the peak, not here.
   */
  heapKeptMb: number;
}

declare global {
  interface Window {
    benchRender: {
      run(site: string, widgetId: string, count: number, folder: boolean): Promise<RenderRun>;
    };
  }
}

const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

window.benchRender = {
  async run(site, widgetId, count, folder) {
    const el = document.createElement('quatrix-widget') as QuatrixWidget;
    el.setAttribute('site', site);
    el.setAttribute('widget-id', widgetId);
    document.body.replaceChildren(el);
    // Wait until the widget knows its allowance, as a visitor would before dropping files.
    while (!el.shadowRoot?.querySelector('[part=remaining]')) await frame();

    const files = Array.from({ length: count }, (_, i) => {
      const file = new File([`file number ${i}\n`.repeat(64)], `photo-${i}.jpg`);
      // A dropped folder: 100 sub-folders of 100 files each (for 10,000).
      return folder ? { file, relativePath: `Shoot/Day ${Math.floor(i / 100) + 1}/${file.name}` } : file;
    });
    const heap = (): number =>
      (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    // Making the files is the test's own work (a drop hands them over ready): keep it out of the measured task.
    await frame();
    await frame();
    const tasks: Array<{ start: number; duration: number }> = [];
    const observer = new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => tasks.push({ start: e.startTime, duration: e.duration })),
    );
    observer.observe({ type: 'longtask' });
    const done = new Promise<number>((resolve) =>
      el.addEventListener('quatrix-all-done', (e) => resolve(e.detail.successful.length), { once: true }),
    );
    const collect = (): void => (window as Window & { gc?: () => void }).gc?.();
    collect();
    const heapBefore = heap();
    let heapPeak = heapBefore;
    const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, heap())), 100);
    const started = performance.now();
    el.addFiles(files);
    while (!el.shadowRoot!.querySelector('[part~=file]')) await frame();
    await frame(); // painted
    const shown = performance.now();
    const renderMs = shown - started;
    collect();
    const keptShown = heap();
    // The collection is the bench's own task: the upload's tasks are counted from after it.
    const uploadingFrom = performance.now();
    const uploaded = await done;
    await frame();
    observer.disconnect();
    clearInterval(sampler);
    const mb = (bytes: number): number => Math.max(0, bytes - heapBefore) / 1e6;
    const heapEnd = heap();
    collect();
    const keptEnd = heap();
    const uploading = tasks.filter((t) => t.start >= uploadingFrom).map((t) => t.duration);
    return {
      renderMs,
      addTaskMs: Math.max(0, ...tasks.filter((t) => t.start < shown).map((t) => t.duration)),
      longestTaskMs: Math.max(0, ...uploading),
      longTasks: uploading.length,
      uploaded,
      heapPeakMb: mb(Math.max(heapPeak, heap())),
      heapEndMb: mb(heapEnd),
      heapKeptMb: mb(Math.max(keptShown, keptEnd)),
    };
  },
};
