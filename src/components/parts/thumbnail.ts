/** Side of a thumbnail in CSS pixels (drawn at twice that for sharp screens). */
const SIZE = 48;
/** Larger images are not decoded for a thumbnail: the cost is not worth a 48-pixel preview. */
const MAX_BYTES = 25 * 1024 * 1024;

const canvases = new WeakMap<Blob, HTMLCanvasElement>();

/**
 * A small preview of an image file, or undefined for other files. `createImageBitmap` decodes and
 * scales off the main thread; the canvas is made once per file and filled when the bitmap is ready.
 */
export function thumbnail(file: Blob): HTMLCanvasElement | undefined {
  if (!file.type.startsWith('image/') || file.size > MAX_BYTES || typeof createImageBitmap !== 'function')
    return undefined;
  let canvas = canvases.get(file);
  if (!canvas) {
    const target = (canvas = document.createElement('canvas'));
    target.setAttribute('part', 'file-thumbnail');
    target.setAttribute('aria-hidden', 'true');
    target.className = 'thumbnail';
    canvases.set(file, target);
    createImageBitmap(file, { resizeWidth: SIZE * 2, resizeHeight: SIZE * 2, resizeQuality: 'medium' })
      .then((bitmap) => {
        target.width = bitmap.width;
        target.height = bitmap.height;
        target.getContext('bitmaprenderer')?.transferFromImageBitmap(bitmap);
      })
      .catch(() => target.remove());
  }
  return canvas;
}
