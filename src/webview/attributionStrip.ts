/**
 * The window's frames as a strip, oldest left, the playhead's frame right: one cell per frame, coloured by
 * its score on the heat scale, with a bar from the middle line (up: the frame supported the class, down:
 * it worked against it) so the sizes compare without colour. Frame numbers label the ends and every eighth
 * cell.
 */
import { CanvasSurface } from './canvasSurface';
import { heatScale } from './heatScale';
import { withAlpha, type Theme } from './theme';

const LABEL_HEIGHT = 14;

export class AttributionStrip {
  private readonly surface: CanvasSurface;
  private scores: Float32Array | null = null;
  private frames: Int32Array | null = null;
  private max = 0;
  /** Where each cell was drawn (CSS px), for the tests; empty when nothing is shown. */
  cells: { x: number; width: number; colour: string }[] = [];

  constructor(canvas: HTMLCanvasElement, private theme: Theme) {
    this.surface = new CanvasSurface(canvas, () => this.draw());
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.draw();
  }

  /** Shows `scores` (one per window frame) of the window whose session frames are `frames`; null clears it. */
  show(scores: Float32Array | null, frames: Int32Array | null, max: number): void {
    if (scores === this.scores && frames === this.frames && max === this.max) return;
    this.scores = scores;
    this.frames = frames;
    this.max = max;
    this.draw();
  }

  private draw(): void {
    const { ctx, width, height } = this.surface;
    this.surface.clear();
    this.cells = [];
    const scores = this.scores;
    const frames = this.frames;
    if (!scores || !frames || scores.length === 0) return;
    const scale = heatScale(this.max, this.theme);
    const n = scores.length;
    const plotHeight = height - LABEL_HEIGHT;
    const cell = width / n;
    const mid = plotHeight / 2;
    ctx.fillStyle = withAlpha(this.theme.muted, 0.08);
    ctx.fillRect(0, 0, width, plotHeight);
    for (let i = 0; i < n; i++) {
      const x = i * cell;
      const colour = scale.colour(scores[i]);
      const w = Math.max(1, cell - 1);
      ctx.fillStyle = withAlpha(colour, 0.35);
      ctx.fillRect(x, 0, w, plotHeight);
      const bar = scale.weight(scores[i]) * (mid - 2);
      ctx.fillStyle = colour;
      if (scores[i] >= 0) ctx.fillRect(x, mid - bar, w, bar);
      else ctx.fillRect(x, mid, w, bar);
      this.cells.push({ x, width: w, colour });
    }
    ctx.strokeStyle = withAlpha(this.theme.foreground, 0.5);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, Math.round(mid) + 0.5);
    ctx.lineTo(width, Math.round(mid) + 0.5);
    ctx.stroke();
    // The playhead's frame: the window's last.
    ctx.strokeStyle = this.theme.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect((n - 1) * cell + 1, 1, cell - 2, plotHeight - 2);
    ctx.fillStyle = this.theme.muted;
    ctx.font = `10px ${this.theme.fontFamily}`;
    ctx.textBaseline = 'bottom';
    for (let i = 0; i < n; i++) {
      if (i !== 0 && i !== n - 1 && i % 8 !== 0) continue;
      ctx.textAlign = i === 0 ? 'left' : i === n - 1 ? 'right' : 'center';
      const x = i === 0 ? 0 : i === n - 1 ? width : (i + 0.5) * cell;
      ctx.fillText(String(frames[i]), x, height);
    }
    ctx.textAlign = 'left';
  }
}
