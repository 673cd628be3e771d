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
    this.observer = new ResizeObserver(() => {
      if (this.measure()) this.onResize();
    });
    this.observer.observe(canvas);
    this.measure();
  }

  /** Updates the backing store size; true when it changed. */
  measure(): boolean {
    const rect = this.canvas.getBoundingClientRect();
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
