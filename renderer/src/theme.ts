/**
 * The console's Mantine theme: the system font stack (the app runs offline, no web
 * fonts), compact sizes for a dense queue, and calm colours that stay readable at night.
 *
 * Every colour that carries text meets WCAG 2.2 AA (4.5:1) in both schemes: the CSS
 * variables resolver below keeps Mantine's palette but, per colour and scheme, picks for
 * text, outline, light-variant text and filled backgrounds (under white text) the first
 * shade that reads on the surfaces it sits on, nudging darker or lighter only where no
 * shade does (yellow, orange, green and friends in light). Dimmed and placeholder text
 * and links get the same treatment.
 */
import {
  createTheme,
  Drawer,
  Modal,
  Notification,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type MantineTheme,
} from '@mantine/core';
import { darker, mix, readableColor } from './theme-contrast';

const systemFonts =
  'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji"';
const monoFonts = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace';

export const theme = createTheme({
  fontFamily: systemFonts,
  fontFamilyMonospace: monoFonts,
  headings: { fontFamily: systemFonts },
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  // Mantine's close buttons are icons without a name; these give every dialog's and toast's one
  // (a dialog that says what it closes, e.g. "Close the settings", still sets its own).
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
  },
});

/** Height of one queue row in px: the virtualiser and the row styles agree on it. */
export const QUEUE_ROW_HEIGHT = 36;
/** Height of the queue's sticky header row in px. */
export const QUEUE_HEADER_HEIGHT = 32;

/** How strongly the queue tints the cursor row in dark (incident-queue.css: color-mix 22%). */
const DARK_CURSOR_TINT = 0.22;

/** The backgrounds text sits on, per scheme: body, hover, panels and the selected-row tints. */
export function textSurfaces(full: MantineTheme, scheme: 'light' | 'dark'): string[] {
  const primary = full.colors[full.primaryColor]!;
  if (scheme === 'light') return [full.white, full.colors.gray[0], full.colors.gray[1], primary[1]];
  const dark = full.colors.dark;
  const primaryFilled = filledShade(primary, 'dark');
  return [dark[7], dark[6], dark[5], dark[8], darker(primary[9], 0.5), mix(primaryFilled, dark[7], DARK_CURSOR_TINT)];
}

/** A filled background that white text reads on: the scheme's usual shade, or a darker one. */
function filledShade(shades: MantineColorsTuple, scheme: 'light' | 'dark'): string {
  const from = scheme === 'light' ? 6 : 8;
  return readableColor(shades.slice(from), ['#ffffff'], 'darker');
}

/** The colour variables for one palette colour in one scheme. */
function colorVariables(
  name: string,
  shades: MantineColorsTuple,
  scheme: 'light' | 'dark',
  surfaces: readonly string[],
  full: MantineTheme,
): Record<string, string> {
  const filled = filledShade(shades, scheme);
  if (scheme === 'light') {
    const text = readableColor(shades.slice(6), surfaces, 'darker');
    return {
      [`--mantine-color-${name}-text`]: text,
      [`--mantine-color-${name}-outline`]: text,
      [`--mantine-color-${name}-light-color`]: readableColor([shades[9]], [shades[1], full.white, full.colors.gray[0]], 'darker'),
      [`--mantine-color-${name}-filled`]: filled,
      [`--mantine-color-${name}-filled-hover`]: darker(filled, 0.1),
    };
  }
  const text = readableColor([shades[4], shades[3], shades[2], shades[1], shades[0]], surfaces, 'lighter');
  return {
    [`--mantine-color-${name}-text`]: text,
    [`--mantine-color-${name}-outline`]: text,
    [`--mantine-color-${name}-light-color`]: readableColor(
      [shades[0]],
      [darker(shades[9], 0.5), darker(shades[9], 0.3), full.colors.dark[7]],
      'lighter',
    ),
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: darker(filled, 0.1),
  };
}

/** The readable variables for one scheme: every palette colour, dimmed, placeholder, links, errors. */
export function readableVariables(full: MantineTheme, scheme: 'light' | 'dark'): Record<string, string> {
  const surfaces = textSurfaces(full, scheme);
  const variables: Record<string, string> = {};
  for (const [name, shades] of Object.entries(full.colors)) {
    // Virtual colours (objects, not shade tuples) take their variables from the colours they point at.
    if (Array.isArray(shades)) Object.assign(variables, colorVariables(name, shades as MantineColorsTuple, scheme, surfaces, full));
  }
  const dimmed =
    scheme === 'light'
      ? readableColor([full.colors.gray[6]], surfaces, 'darker')
      : readableColor([full.colors.dark[2]], surfaces, 'lighter');
  const primaryText = variables[`--mantine-color-${full.primaryColor}-text`]!;
  return {
    ...variables,
    '--mantine-color-dimmed': dimmed,
    '--mantine-color-placeholder': dimmed,
    '--mantine-color-anchor': primaryText,
    '--mantine-color-error': variables['--mantine-color-red-text']!,
    '--mantine-color-success': variables['--mantine-color-teal-text']!,
  };
}

/** Mantine's variables with the readable colours above laid over them (main.tsx passes it to the provider). */
export const cssVariablesResolver: CSSVariablesResolver = (full) => ({
  variables: {},
  light: readableVariables(full, 'light'),
  dark: readableVariables(full, 'dark'),
});
