/**
 * The console's Mantine theme: the system font stack (the app runs offline, no web
 * fonts), compact sizes for a dense queue, and calm colours that stay readable at night.
 */
import { createTheme } from '@mantine/core';

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
});

/** Height of one queue row in px: the virtualiser and the row styles agree on it. */
export const QUEUE_ROW_HEIGHT = 36;
/** Height of the queue's sticky header row in px. */
export const QUEUE_HEADER_HEIGHT = 32;
