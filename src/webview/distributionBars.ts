/**
 * The full distribution at the playhead: one bar per class for the smoothed probability, a tick for
 * the raw window probability, the argmax and the target letter marked. Redrawn when the playhead moves.
 */
import { CanvasSurface } from './canvasSurface';
import type { SessionStore } from './sessionStore';
import { withAlpha, type Theme } from './theme';

export function shortLabel(label: string): string {
  if (label === 'SPACE') return 'SP';
  if (label === 'DELETE') return 'DEL';
  if (label === 'NOTHING') return '∅';
  return label.length > 3 ? label.slice(0, 3) : label;
}

/** One-character labels for narrow bars. */
function tinyLabel(label: string): string {
  if (label === 'SPACE') return '␣';
  if (label === 'DELETE') return '⌫';
  return shortLabel(label).slice(0, 1);
}

/** How far below the bars' base the plot reaches (the focus mark); the class labels lie below that. */
const PLOT_BELOW = 3;

export class DistributionBars {
  private surface: CanvasSurface;
  private theme: Theme;
  private frame = 0;
  focusClass = -1;
  /** What the labels were drawn for (see draw). */
  private labelsDrawn = '';
  /** What the whole canvas was drawn for: the labels' key, the values at the frame, the marks. */
  private plotDrawn = '';

  constructor(canvas: HTMLCanvasElement, private readonly store: SessionStore, theme: Theme) {
    this.theme = theme;
    this.surface = new CanvasSurface(canvas, () => this.draw(this.frame));
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.draw(this.frame);
  }

  /**
   * Draws the bars at `frame`. The axis labels and the class labels under the bars (whose colour marks
   * the argmax) are text, slow to draw every frame: they are drawn again only when the argmax, the size
   * or the theme changed, and otherwise only the plot above them is cleared and drawn.
   */
  draw(frame: number): void {
    this.frame = frame;
    const { ctx, canvas, width, height } = this.surface;
    const t = this.theme;
    const c = this.store.classCount;
    if (c === 0 || this.store.frameCount === 0) {
      this.surface.clear();
      this.labelsDrawn = '';
      this.plotDrawn = '';
      return;
    }
    const left = 28;
    const bottom = height - 16;
    const top = 6;
    const plotH = bottom - top;
    const slot = (width - left - 4) / c;
    const smoothed = this.store.smoothed;
    const probs = this.store.probs;
    const argmax = this.store.argmax(smoothed, frame);
    const target = this.store.target[frame];
    const labelsKey = `${canvas.width}x${canvas.height} ${width}x${height} ${t.foreground} ${t.muted} ${t.fontFamily} ${this.store.labels.join(',')} ${argmax}`;
    // A draw of what the canvas shows already (a knob change that left this frame's distribution as it
    // was, a redraw for another view) leaves it alone: a canvas drawn on is rasterized again at the commit.
    const plotKey = `${labelsKey} ${target} ${this.focusClass} ${t.blue} ${t.orange} ${t.purple} ${t.focus} ${smoothed.subarray(frame * c, frame * c + c).join(',')} ${probs.subarray(frame * c, frame * c + c).join(',')}`;
    if (plotKey === this.plotDrawn) return;
    this.plotDrawn = plotKey;
    if (labelsKey !== this.labelsDrawn) {
      this.labelsDrawn = labelsKey;
      this.surface.clear();
      this.drawLabels(left, top, bottom, slot, argmax);
    } else ctx.clearRect(left, 0, width - left, bottom + PLOT_BELOW);
    for (const v of [0, 0.5, 1]) {
      ctx.fillStyle = withAlpha(t.foreground, 0.1);
      ctx.fillRect(left, Math.round(bottom - v * plotH), width - left - 4, 1);
    }
    for (let k = 0; k < c; k++) {
      const x = left + k * slot;
      const s = smoothed[frame * c + k];
      const p = probs[frame * c + k];
      if (!Number.isNaN(s)) {
        ctx.fillStyle = k === argmax ? t.blue : withAlpha(t.blue, 0.45);
        const h = Math.max(0, s) * plotH;
        ctx.fillRect(x + 1, bottom - h, Math.max(1, slot - 2), h);
      }
      if (!Number.isNaN(p)) {
        ctx.fillStyle = t.orange;
        ctx.fillRect(x + 1, bottom - p * plotH - 1, Math.max(1, slot - 2), 2);
      }
      if (k === target) {
        ctx.strokeStyle = t.purple;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x + 0.75, top, Math.max(1, slot - 1.5), plotH);
      }
      if (k === this.focusClass) {
        ctx.fillStyle = t.focus;
        ctx.fillRect(x + 1, bottom + 1, Math.max(1, slot - 2), 2);
      }
    }
  }

  /** The axis labels left of the plot and the class labels under it (the argmax's in the foreground colour). */
  private drawLabels(left: number, top: number, bottom: number, slot: number, argmax: number): void {
    const { ctx } = this.surface;
    const t = this.theme;
    ctx.font = `10px ${t.fontFamily}`;
    ctx.fillStyle = t.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of [0, 0.5, 1]) ctx.fillText(String(v), left - 4, bottom - v * (bottom - top));
    ctx.textAlign = 'center';
    for (let k = 0; k < this.store.classCount; k++) {
      const x = left + k * slot;
      ctx.fillStyle = k === argmax ? t.foreground : t.muted;
      const label = slot < 20 ? tinyLabel(this.store.labels[k]) : shortLabel(this.store.labels[k]);
      if (slot >= 9 || label.length === 1) ctx.fillText(label, x + slot / 2, bottom + 9, slot);
    }
  }

  toPng(): string {
    return this.surface.canvas.toDataURL('image/png');
  }
}
