/**
 * Colours for canvases and charts, read from VS Code's --vscode-* CSS variables and re-read when the
 * theme changes (VS Code swaps the body's theme class).
 */
export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  background: string;
  foreground: string;
  muted: string;
  border: string;
  focus: string;
  grid: string;
  fontFamily: string;
  /** Series colours (charts.blue, red, green, orange, purple, yellow). */
  series: string[];
  red: string;
  blue: string;
  green: string;
  orange: string;
  purple: string;
  yellow: string;
  reduceMotion: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const value = style.getPropertyValue(name).trim();
  return value || fallback;
}

function themeKind(body: HTMLElement): Theme['kind'] {
  const kind = body.dataset.vscodeThemeKind;
  if (kind === 'vscode-high-contrast-light') return 'high-contrast-light';
  if (kind === 'vscode-high-contrast' || body.classList.contains('vscode-high-contrast')) return 'high-contrast';
  if (kind === 'vscode-light' || body.classList.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const body = document.body;
  const style = getComputedStyle(body);
  const foreground = cssVar(style, '--vscode-editor-foreground', style.color || 'CanvasText');
  const background = cssVar(style, '--vscode-editor-background', style.backgroundColor || 'Canvas');
  const kind = themeKind(body);
  const highContrast = kind.startsWith('high-contrast');
  const blue = cssVar(style, '--vscode-charts-blue', foreground);
  const red = cssVar(style, '--vscode-charts-red', foreground);
  const green = cssVar(style, '--vscode-charts-green', foreground);
  const orange = cssVar(style, '--vscode-charts-orange', foreground);
  const purple = cssVar(style, '--vscode-charts-purple', foreground);
  const yellow = cssVar(style, '--vscode-charts-yellow', foreground);
  const reduceMotion =
    body.classList.contains('vscode-reduce-motion') ||
    body.classList.contains('lens-reduce-motion') ||
    matchMedia('(prefers-reduced-motion: reduce)').matches;
  return {
    kind,
    background,
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    border: highContrast
      ? cssVar(style, '--vscode-contrastBorder', foreground)
      : cssVar(style, '--vscode-panel-border', cssVar(style, '--vscode-widget-border', foreground)),
    focus: cssVar(style, '--vscode-focusBorder', blue),
    grid: cssVar(style, '--vscode-editorRuler-foreground', cssVar(style, '--vscode-panel-border', foreground)),
    fontFamily: cssVar(style, '--vscode-font-family', 'sans-serif'),
    series: [blue, red, green, orange, purple, yellow],
    red,
    blue,
    green,
    orange,
    purple,
    yellow,
    reduceMotion,
  };
}

/** Calls `onChange` with the new theme whenever the body's class or theme attributes change. */
export function watchTheme(onChange: (theme: Theme) => void): () => void {
  const observer = new MutationObserver(() => onChange(readTheme()));
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  const media = matchMedia('(prefers-reduced-motion: reduce)');
  const onMedia = (): void => onChange(readTheme());
  media.addEventListener('change', onMedia);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onMedia);
  };
}

/**
 * Colours already worked out: the views ask for the same few in loops over an hour's frames, and
 * colorToRgb reads a canvas back. Cleared when it grows past CACHE_SIZE (alphas can vary).
 */
const CACHE_SIZE = 512;
const alphaCache = new Map<string, string>();
const rgbCache = new Map<string, [number, number, number]>();

/** A CSS colour with the given opacity (works for #rgb, #rrggbb, rgb() and named colours via canvas). */
export function withAlpha(color: string, alpha: number): string {
  const key = `${color}\n${alpha}`;
  let result = alphaCache.get(key);
  if (result === undefined) {
    if (alphaCache.size >= CACHE_SIZE) alphaCache.clear();
    result = computeWithAlpha(color, alpha);
    alphaCache.set(key, result);
  }
  return result;
}

/**
 * withAlpha for one colour and any opacity, without the cache: for opacities that vary continuously
 * (the hand's points shade by depth), which would only churn it. Gives the same strings as withAlpha.
 */
export function alphaOf(color: string): (alpha: number) => string {
  const rgba = computeWithAlpha(color, 0);
  if (!rgba.startsWith('rgba(')) return () => rgba;
  const prefix = rgba.slice(0, rgba.lastIndexOf(',') + 2);
  return (alpha) => `${prefix}${alpha})`;
}

function computeWithAlpha(color: string, alpha: number): string {
  const hex = color.trim();
  if (/^#[0-9a-f]{3}$/i.test(hex)) {
    const [r, g, b] = [1, 2, 3].map((i) => parseInt(hex[i] + hex[i], 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  if (/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(hex)) {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(hex);
  if (rgb) return `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})`;
  return hex;
}

/** [r, g, b] 0..255 of a CSS colour, resolved by a 1x1 canvas. */
export function colorToRgb(color: string): [number, number, number] {
  let rgb = rgbCache.get(color);
  if (!rgb) {
    if (rgbCache.size >= CACHE_SIZE) rgbCache.clear();
    rgb = readColor(color);
    rgbCache.set(color, rgb);
  }
  return [rgb[0], rgb[1], rgb[2]];
}

function readColor(color: string): [number, number, number] {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return [128, 128, 128];
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const d = ctx.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2]];
}
