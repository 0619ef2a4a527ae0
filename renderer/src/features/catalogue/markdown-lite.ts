/**
 * The little Markdown the catalogue's descriptions use, parsed into blocks and inline
 * pieces the page renders as React elements: paragraphs, bullet and numbered lists,
 * headings, `code`, **bold**, *emphasis* and [links](https://...). Raw HTML is never
 * interpreted (it stays text), so a catalogue file cannot inject markup.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; text: string }
  | { type: 'em'; text: string }
  | { type: 'link'; text: string; href: string };

export type Block =
  { type: 'paragraph'; inlines: Inline[] } | { type: 'heading'; inlines: Inline[] } | { type: 'list'; ordered: boolean; items: Inline[][] };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Splits one line (or a joined paragraph) into inline pieces. */
export function parseInline(text: string): Inline[] {
  const pieces: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) pieces.push({ type: 'text', text: text.slice(last, at) });
    const [, code, strong1, strong2, em1, em2, linkText, href] = match;
    if (code !== undefined) pieces.push({ type: 'code', text: code });
    else if (strong1 !== undefined || strong2 !== undefined) pieces.push({ type: 'strong', text: strong1 ?? strong2 ?? '' });
    else if (em1 !== undefined || em2 !== undefined) pieces.push({ type: 'em', text: em1 ?? em2 ?? '' });
    else if (linkText !== undefined && href !== undefined) pieces.push({ type: 'link', text: linkText, href });
    last = at + match[0].length;
  }
  if (last < text.length) pieces.push({ type: 'text', text: text.slice(last) });
  return pieces;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const HEADING = /^\s*#{1,6}\s+(.*)$/;

/** Blocks separated by blank lines; a block of list lines is a list (continuation lines join the item). */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const chunks = source.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const chunk of chunks) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    const first = lines[0] ?? '';
    const heading = HEADING.exec(first);
    if (heading && lines.length === 1) {
      blocks.push({ type: 'heading', inlines: parseInline(heading[1] ?? '') });
      continue;
    }
    const ordered = NUMBERED.test(first);
    if (ordered || BULLET.test(first)) {
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      for (const line of lines) {
        const item = marker.exec(line);
        if (item) items.push(item[1] ?? '');
        else if (items.length) items[items.length - 1] += ` ${line.trim()}`;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    blocks.push({ type: 'paragraph', inlines: parseInline(lines.map((line) => line.trim()).join(' ')) });
  }
  return blocks;
}
