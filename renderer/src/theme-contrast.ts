/**
 * WCAG contrast arithmetic for the theme: relative luminance, the contrast ratio of two
 * colours, and "the first of these colours (or a darker or lighter step of the last)
 * that reads on all of these backgrounds". Plain functions, so the theme's choices can be
 * checked in unit tests.
 */

/** WCAG 2.2 AA asks 4.5:1 for normal text; the theme keeps a little room above it. */
export const MIN_TEXT_CONTRAST = 4.6;

interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** `#rgb` or `#rrggbb`, as 0..255 channels. */
function parseHex(color: string): Rgb {
  const hex = color.trim().replace(/^#/, '');
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`Not a #rrggbb colour: ${color}`);
  return { r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16) };
}

function toHex({ r, g, b }: Rgb): string {
  const channel = (value: number) =>
    Math.round(Math.min(255, Math.max(0, value)))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

/** WCAG relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(color: string): number {
  const { r, g, b } = parseHex(color);
  const linear = (channel: number) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/** `weight` of `a` mixed into `b` in sRGB, like CSS `color-mix(in srgb, a weight, b)`. */
export function mix(a: string, b: string, weight: number): string {
  const x = parseHex(a);
  const y = parseHex(b);
  return toHex({ r: x.r * weight + y.r * (1 - weight), g: x.g * weight + y.g * (1 - weight), b: x.b * weight + y.b * (1 - weight) });
}

/** Towards black (`amount` 0..1), keeping the hue. */
export function darker(color: string, amount: number): string {
  return mix('#000000', color, amount);
}

/** Towards white (`amount` 0..1), keeping the hue. */
function lighter(color: string, amount: number): string {
  return mix('#ffffff', color, amount);
}

/**
 * The first of `candidates` that reads at `min` or better on every one of `backgrounds`;
 * when none does, the last candidate stepped darker (or lighter) until it does. So a
 * palette's own shade is kept where it is readable, and nudged only as far as needed.
 */
export function readableColor(
  candidates: readonly string[],
  backgrounds: readonly string[],
  direction: 'darker' | 'lighter',
  min = MIN_TEXT_CONTRAST,
): string {
  const reads = (color: string) => backgrounds.every((background) => contrastRatio(color, background) >= min);
  const found = candidates.find(reads);
  if (found) return found;
  const last = candidates.at(-1);
  if (!last) throw new Error('readableColor needs at least one candidate');
  const step = direction === 'darker' ? darker : lighter;
  for (let amount = 0.02; amount < 1; amount += 0.02) {
    const stepped = step(last, amount);
    if (reads(stepped)) return stepped;
  }
  return direction === 'darker' ? '#000000' : '#ffffff';
}
