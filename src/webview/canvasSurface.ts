/**
 * A canvas kept at its CSS size times devicePixelRatio; drawing uses CSS pixels. Calls `onResize`
 * when the box changes size (ResizeObserver), so views redraw only then or when their data changes.
 */
export class CanvasSurface {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  width = 0;
  height = 0;
  private observer: ResizeObserver;

  constructor(canvas: HTMLCanvasElement, private readonly onResize: () => void) {
    this.canvas = canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context is not available');
    this.ctx = ctx;
    // The observer's own box size: reading the canvas's (getBoundingClientRect) in the callback forced a
    // layout of the panel whenever another surface's resize had changed it.
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.borderBoxSize?.[0];
      if (this.measure(box ? { width: box.inlineSize, height: box.blockSize } : undefined)) this.onResize();
    });
    this.observer.observe(canvas);
    // A canvas not in the page yet has no box (the observer reports it once it has one).
    this.measure(canvas.isConnected ? undefined : { width: 0, height: 0 });
  }

  /** Updates the backing store size to `rect` (by default the canvas's box now); true when it changed. */
  measure(rect: { width: number; height: number } = this.canvas.getBoundingClientRect()): boolean {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    if (w === this.width && h === this.height && this.canvas.width === Math.round(w * dpr)) return false;
    this.width = w;
    this.height = h;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return true;
  }

  clear(): void {
    this.ctx.clearRect(0, 0, this.width, this.height);
  }
}

/** A new canvas of `source`'s pixel size and its 2D context, to compose `source` and what is over it into. */
export function canvasSizedLike(source: HTMLCanvasElement): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context is not available');
  return { canvas, ctx };
}
