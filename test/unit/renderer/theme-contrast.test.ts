import { describe, expect, it } from 'vitest';
import { DEFAULT_THEME, mergeMantineTheme, type MantineColorsTuple } from '@mantine/core';
import { contrastRatio, darker, MIN_TEXT_CONTRAST, mix, readableColor, relativeLuminance } from '../../../renderer/src/theme-contrast';
import { cssVariablesResolver, readableVariables, textSurfaces, theme } from '../../../renderer/src/theme';

const full = mergeMantineTheme(DEFAULT_THEME, theme);
const AA = 4.5;
const palettes = Object.entries(full.colors).filter((entry): entry is [string, MantineColorsTuple] => Array.isArray(entry[1]));

describe('contrast arithmetic', () => {
  it('agrees with WCAG (and axe) on known pairs', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#868e96', '#ffffff')).toBeCloseTo(3.32, 2);
    expect(contrastRatio('#e67700', '#fff3bf')).toBeGreaterThan(2.68);
    expect(contrastRatio('#e67700', '#fff3bf')).toBeLessThan(2.69);
    expect(relativeLuminance('#808080')).toBeCloseTo(0.2159, 3);
  });

  it('mixes like CSS color-mix in sRGB', () => {
    expect(mix('#ffffff', '#000000', 0.5)).toBe('#808080');
    expect(darker('#ff0000', 0.5)).toBe('#800000');
  });

  it('keeps a candidate that already reads, and nudges the last one only as far as needed', () => {
    expect(readableColor(['#000000'], ['#ffffff'], 'darker')).toBe('#000000');
    expect(readableColor(['#aaaaaa', '#555555'], ['#ffffff'], 'darker')).toBe('#555555');
    const nudged = readableColor(['#e67700'], ['#fff3bf'], 'darker');
    expect(contrastRatio(nudged, '#fff3bf')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    // Not darker than it needs to be: it stops at the first small step that reads.
    expect(contrastRatio(nudged, '#fff3bf')).toBeLessThan(MIN_TEXT_CONTRAST + 0.3);
    const lifted = readableColor(['#828282'], ['#242424'], 'lighter');
    expect(contrastRatio(lifted, '#242424')).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });
});

describe.each(['light', 'dark'] as const)('the %s theme reads at WCAG AA', (scheme) => {
  const variables = readableVariables(full, scheme);
  const surfaces = textSurfaces(full, scheme);

  it('is what the provider gets', () => {
    const resolved = cssVariablesResolver(full);
    expect(resolved[scheme]).toEqual(variables);
  });

  it('dimmed, placeholder, link and error text read on every surface', () => {
    for (const name of ['dimmed', 'placeholder', 'anchor', 'error', 'success']) {
      const color = variables[`--mantine-color-${name}`]!;
      for (const surface of surfaces) expect(contrastRatio(color, surface), `${name} ${color} on ${surface}`).toBeGreaterThanOrEqual(AA);
    }
  });

  it.each(palettes.map(([name]) => name))('%s: text, outline, light and filled variants read', (name) => {
    const shades = full.colors[name] as MantineColorsTuple;
    const get = (suffix: string) => variables[`--mantine-color-${name}-${suffix}`]!;
    for (const surface of surfaces) {
      expect(contrastRatio(get('text'), surface), `${name}-text on ${surface}`).toBeGreaterThanOrEqual(AA);
      expect(contrastRatio(get('outline'), surface), `${name}-outline on ${surface}`).toBeGreaterThanOrEqual(AA);
    }
    // Light variant: its text on its own tint (Mantine: shade 1 in light, shade 9 darkened by half in dark).
    const tint = scheme === 'light' ? shades[1] : darker(shades[9], 0.5);
    expect(contrastRatio(get('light-color'), tint), `${name}-light-color on ${tint}`).toBeGreaterThanOrEqual(AA);
    // Filled variant: white text on it, hovered or not.
    expect(contrastRatio('#ffffff', get('filled')), `white on ${name}-filled`).toBeGreaterThanOrEqual(AA);
    expect(contrastRatio('#ffffff', get('filled-hover')), `white on ${name}-filled-hover`).toBeGreaterThanOrEqual(AA);
  });

  it('keeps the palette where it already reads', () => {
    if (scheme === 'dark') {
      expect(variables['--mantine-color-red-text']).toBe(full.colors.red[4]);
      expect(variables['--mantine-color-indigo-filled']).toBe(full.colors.indigo[8]);
    } else {
      expect(variables['--mantine-color-indigo-filled']).toBe(full.colors.indigo[7]);
    }
  });
});
