/**
 * The confusion matrix as a heatmap on a canvas: rows are the labels (ground truth), columns the
 * predictions, over the classes that were labelled or predicted (the same list on both axes, so the
 * diagonal is the correct frames). A cell's colour is its share of the label's scored frames, on one
 * hue from the editor's background to charts.blue, with its scale beside the grid; its count is written
 * in it when there is room. Clicks and hovers are told to the owner as (label, prediction) indices into
 * the confusion labels.
 */
import type { ConfusionMatrix } from '../core/evaluation/types';
import { CanvasSurface } from './canvasSurface';
import { colorToRgb, type Theme } from './theme';

const MIN_CELL = 14;
const MAX_CELL = 30;
const LEGEND_W = 12;
const LEGEND_GAP = 14;
const LEGEND_TEXT = 44;
const AXIS_TITLE = 16;
const TEXT_PAD = 6;

interface Layout {
  /** Confusion indices shown, in order, on both axes. */
  shown: number[];
  cell: number;
  left: number;
  top: number;
  height: number;
}

export class ConfusionHeatmap {
  private readonly surface: CanvasSurface;
  private matrix: ConfusionMatrix | null = null;
  private layout: Layout | null = null;
  private selected: { label: number; prediction: number } | null = null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private theme: Theme,
    private readonly onCell: (label: number, prediction: number) => void,
  ) {
    this.surface = new CanvasSurface(canvas, () => this.draw());
    canvas.addEventListener('click', (e) => {
      const hit = this.cellAt(e.offsetX, e.offsetY);
      if (hit) this.onCell(hit.label, hit.prediction);
    });
    canvas.addEventListener('pointermove', (e) => {
      const hit = this.cellAt(e.offsetX, e.offsetY);
      canvas.style.cursor = hit ? 'pointer' : 'default';
      canvas.title = hit ? this.describe(hit.label, hit.prediction) : '';
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.draw();
  }

  setMatrix(matrix: ConfusionMatrix | null): void {
    this.matrix = matrix;
    this.selected = null;
    this.draw();
  }

  select(cell: { label: number; prediction: number } | null): void {
    this.selected = cell;
    this.draw();
  }

  /** The labels shown on the axes, in order. */
  shownLabels(): string[] {
    return this.layout && this.matrix ? this.layout.shown.map((i) => this.matrix!.labels[i]) : [];
  }

  /** The centre of a cell in CSS pixels (for tests), or null when the cell is not shown. */
  cellCentre(label: number, prediction: number): { x: number; y: number } | null {
    const l = this.layout;
    if (!l) return null;
    const r = l.shown.indexOf(label);
    const c = l.shown.indexOf(prediction);
    if (r < 0 || c < 0) return null;
    return { x: l.left + (c + 0.5) * l.cell, y: l.top + (r + 0.5) * l.cell };
  }

  /** A cell's side in CSS pixels (0 before the first draw). */
  cellSize(): number {
    return this.layout?.cell ?? 0;
  }

  cellAt(x: number, y: number): { label: number; prediction: number } | null {
    const l = this.layout;
    if (!l) return null;
    const c = Math.floor((x - l.left) / l.cell);
    const r = Math.floor((y - l.top) / l.cell);
    if (c < 0 || r < 0 || c >= l.shown.length || r >= l.shown.length) return null;
    return { label: l.shown[r], prediction: l.shown[c] };
  }

  describe(label: number, prediction: number): string {
    const m = this.matrix;
    if (!m) return '';
    const count = m.matrix[label][prediction];
    const row = m.matrix[label].reduce((a, b) => a + b, 0);
    const share = row ? ` (${((count / row) * 100).toFixed(1)}% of “${m.labels[label]}”)` : '';
    const what = label === prediction ? `“${m.labels[label]}” read correctly` : `“${m.labels[label]}” read as “${m.labels[prediction]}”`;
    return `${what}: ${count} frames${share}${count ? ' — click to step through them' : ''}`;
  }

  private computeLayout(ctx: CanvasRenderingContext2D, m: ConfusionMatrix): Layout {
    const n = m.labels.length;
    const shown: number[] = [];
    for (let i = 0; i < n; i++) {
      let row = 0;
      let col = 0;
      for (let j = 0; j < n; j++) {
        row += m.matrix[i][j];
        col += m.matrix[j][i];
      }
      if (row > 0 || col > 0) shown.push(i);
    }
    const textW = Math.max(0, ...shown.map((i) => ctx.measureText(m.labels[i]).width));
    const left = AXIS_TITLE + TEXT_PAD + Math.ceil(textW) + TEXT_PAD;
    const top = AXIS_TITLE + TEXT_PAD + Math.ceil(textW) + TEXT_PAD;
    const room = this.surface.width - left - LEGEND_GAP - LEGEND_W - LEGEND_TEXT;
    const cell = Math.max(MIN_CELL, Math.min(MAX_CELL, Math.floor(room / Math.max(1, shown.length))));
    return { shown, cell, left, top, height: top + shown.length * cell + 4 };
  }

  draw(): void {
    const m = this.matrix;
    const { ctx } = this.surface;
    const theme = this.theme;
    this.surface.clear();
    if (!m) {
      this.layout = null;
      return;
    }
    ctx.font = `11px ${theme.fontFamily}`;
    const layout = this.computeLayout(ctx, m);
    this.layout = layout;
    // The canvas is as tall as its grid; a new height redraws through the resize observer.
    const wanted = `${Math.max(60, layout.height)}px`;
    if (this.canvas.style.height !== wanted) {
      this.canvas.style.height = wanted;
      if (this.surface.measure()) {
        this.draw();
        return;
      }
    }
    const { shown, cell, left, top } = layout;
    const hue = colorToRgb(theme.blue);
    const bg = colorToRgb(theme.background);
    const fg = colorToRgb(theme.foreground);
    const mix = (share: number): [number, number, number] => [0, 1, 2].map((k) => Math.round(bg[k] + (hue[k] - bg[k]) * share)) as [number, number, number];
    const css = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
    // Axis titles.
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText('predicted', left, 0);
    ctx.save();
    ctx.translate(0, top + shown.length * cell);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText('label (ground truth)', 0, 0);
    ctx.restore();
    // Class names: rows on the left, columns rotated above.
    ctx.fillStyle = theme.foreground;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    shown.forEach((i, r) => ctx.fillText(m.labels[i], left - TEXT_PAD, top + (r + 0.5) * cell));
    shown.forEach((i, c) => {
      ctx.save();
      ctx.translate(left + (c + 0.5) * cell, top - TEXT_PAD);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      ctx.fillText(m.labels[i], 0, 0);
      ctx.restore();
    });
    // Cells.
    ctx.textAlign = 'center';
    shown.forEach((i, r) => {
      const rowSum = m.matrix[i].reduce((a, b) => a + b, 0);
      shown.forEach((j, c) => {
        const count = m.matrix[i][j];
        const share = rowSum ? count / rowSum : 0;
        const colour = mix(share);
        const x = left + c * cell;
        const y = top + r * cell;
        ctx.fillStyle = css(colour);
        ctx.fillRect(x, y, cell, cell);
        if (count > 0 && cell >= 18) {
          ctx.fillStyle = css(contrasting(colour, fg, bg));
          ctx.fillText(count > 999 ? `${Math.round(count / 1000)}k` : String(count), x + cell / 2, y + cell / 2 + 0.5);
        }
      });
    });
    // Grid lines, the diagonal's outline and the selected cell.
    ctx.strokeStyle = theme.grid;
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.5;
    for (let k = 0; k <= shown.length; k++) {
      ctx.beginPath();
      ctx.moveTo(left + k * cell + 0.5, top);
      ctx.lineTo(left + k * cell + 0.5, top + shown.length * cell);
      ctx.moveTo(left, top + k * cell + 0.5);
      ctx.lineTo(left + shown.length * cell, top + k * cell + 0.5);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const sel = this.selected;
    const r = sel ? shown.indexOf(sel.label) : -1;
    const c = sel ? shown.indexOf(sel.prediction) : -1;
    if (r >= 0 && c >= 0) {
      // The foreground outside, the background inside: visible on any cell colour in any theme.
      ctx.lineWidth = 2;
      ctx.strokeStyle = theme.foreground;
      ctx.strokeRect(left + c * cell + 1, top + r * cell + 1, cell - 2, cell - 2);
      ctx.lineWidth = 1;
      ctx.strokeStyle = theme.background;
      ctx.strokeRect(left + c * cell + 2.5, top + r * cell + 2.5, cell - 5, cell - 5);
    }
    this.drawLegend(left + shown.length * cell + LEGEND_GAP, top, Math.max(cell * shown.length, 60), mix, css);
  }

  /** The colour scale: share of the label's frames, 0% at the bottom to 100% at the top. */
  private drawLegend(x: number, y: number, h: number, mix: (share: number) => number[], css: (c: readonly number[]) => string): void {
    const { ctx } = this.surface;
    const gradient = ctx.createLinearGradient(0, y + h, 0, y);
    for (const stop of [0, 0.5, 1]) gradient.addColorStop(stop, css(mix(stop)));
    ctx.fillStyle = gradient;
    ctx.fillRect(x, y, LEGEND_W, h);
    ctx.strokeStyle = this.theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, LEGEND_W - 1, h - 1);
    ctx.fillStyle = this.theme.muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const [share, text] of [[1, '100%'], [0.5, '50%'], [0, '0%']] as const) ctx.fillText(text, x + LEGEND_W + 4, y + h - share * h);
  }
}

/** The foreground or the background, whichever stands out more on `colour` (relative luminance). */
function contrasting(colour: readonly number[], fg: readonly number[], bg: readonly number[]): readonly number[] {
  const lum = (c: readonly number[]) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  return Math.abs(lum(fg) - lum(colour)) >= Math.abs(lum(bg) - lum(colour)) ? fg : bg;
}
