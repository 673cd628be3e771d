/**
 * The attribution's colour scale and its legend. A score is a drop in a class's probability: positive
 * (the part supported the class) goes from the neutral colour to red, negative (the class does better
 * without it) to blue, both reaching full colour at the largest absolute score of the window; points also
 * grow with the score's size, so the scale reads without colour too.
 */
import { el, setText } from './dom';
import { colorToRgb, withAlpha, type Theme } from './theme';

type Rgb = [number, number, number];

export interface HeatScale {
  /** The largest absolute score (the scale's ends are -max and +max). */
  readonly max: number;
  colour(score: number): string;
  /** 0..1: how large the score is on the scale. */
  weight(score: number): number;
}

const rgbCache = new Map<string, Rgb>();

function rgbOf(colour: string): Rgb {
  let rgb = rgbCache.get(colour);
  if (!rgb) {
    rgb = colorToRgb(colour);
    rgbCache.set(colour, rgb);
  }
  return rgb;
}

const mix = (a: Rgb, b: Rgb, t: number) => `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(', ')})`;

export function heatScale(max: number, theme: Theme): HeatScale {
  const neutral = rgbOf(theme.muted);
  const positive = rgbOf(theme.red);
  const negative = rgbOf(theme.blue);
  const weight = (score: number) => (max > 0 ? Math.min(1, Math.abs(score) / max) : 0);
  return {
    max,
    weight,
    colour: (score) => mix(neutral, score >= 0 ? positive : negative, weight(score)),
  };
}

/**
 * One landmark drawn as heat: a disc whose radius grows from about the plain point's to four times it with
 * the score's size, in the score's colour, outlined so a pale point still shows on any background.
 */
export function drawHeatPoint(ctx: CanvasRenderingContext2D, x: number, y: number, base: number, score: number, scale: HeatScale, theme: Theme): void {
  const r = base * (1 + 3 * scale.weight(score));
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = scale.colour(score);
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = withAlpha(theme.foreground, 0.6);
  ctx.stroke();
}

/** A score as the legend and captions show it: signed, in probability points. */
export function formatScore(score: number): string {
  const size = Math.abs(score);
  // Two significant digits below 0.01, so a small scale still says how small.
  const text = size === 0 ? '0' : size >= 0.1 ? size.toFixed(2) : size >= 0.01 ? size.toFixed(3) : size.toPrecision(2);
  return `${score > 0 ? '+' : score < 0 ? '−' : ''}${text}`;
}

/**
 * The legend: what the colours and sizes mean for the class shown, and the scale's numbers (the ends and 0).
 * One is shown under the hand views (the points' scale) and one under the frame strip (the frames' scale).
 */
export class HeatLegend {
  readonly element: HTMLElement;
  private readonly title = el('span', { class: 'heat-legend-title' });
  private readonly bar = el('span', { class: 'heat-bar', 'aria-hidden': 'true' });
  private readonly low = el('span', { class: 'heat-tick' });
  private readonly high = el('span', { class: 'heat-tick' });
  private readonly dots = el('span', { class: 'heat-dots', 'aria-hidden': 'true' });
  private shown = '';

  /**
   * `part`: what is removed, as the title says it ("the point", "the frame"); `sized`: the view also sizes
   * by the score (the hand views' points), so the legend shows the sizes.
   */
  constructor(id: string, private readonly part: string, private readonly sized: boolean) {
    this.element = el('div', { class: 'heat-legend', id, role: 'note' }, [
      this.title,
      el('span', { class: 'heat-scale' }, [this.low, this.bar, this.high]),
      this.dots,
    ]);
    // Until update() has a scale to show: nothing is explained yet.
    this.element.hidden = true;
  }

  /** Shows the scale for `label`; hidden when `scale` is null (nothing to explain). */
  update(scale: HeatScale | null, label: string, theme: Theme): void {
    const key = scale ? `${scale.max}|${label}|${theme.red}|${theme.blue}|${theme.muted}` : '';
    if (key === this.shown) return;
    this.shown = key;
    this.element.hidden = scale === null;
    if (!scale) return;
    setText(this.title, `Drop in P(${label}) without ${this.part}:`);
    this.bar.style.background = `linear-gradient(to right, ${scale.colour(-scale.max)}, ${scale.colour(0)}, ${scale.colour(scale.max)})`;
    setText(this.low, `${formatScore(-scale.max)} against`);
    setText(this.high, `${formatScore(scale.max)} for ${label}`);
    this.dots.hidden = !this.sized;
    this.dots.replaceChildren(
      ...[0, 0.5, 1].map((w) => {
        const dot = el('span', { class: 'heat-dot' });
        const size = Math.round(5 + 9 * w);
        dot.style.width = dot.style.height = `${size}px`;
        dot.style.background = scale.colour(w * scale.max);
        return dot;
      }),
      el('span', { class: 'heat-dots-label' }, ['size: |drop|']),
    );
    this.element.setAttribute(
      'aria-label',
      `Colour scale: red, ${this.part} supported ${label} (its probability drops by up to ${formatScore(scale.max)} without it); blue, ${label} does better without it; grey, no effect`,
    );
  }
}
