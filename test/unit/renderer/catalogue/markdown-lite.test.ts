import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from '../../../../renderer/src/features/catalogue/markdown-lite';

describe('parseMarkdown', () => {
  it('joins wrapped lines into paragraphs separated by blank lines', () => {
    expect(parseMarkdown('A DBA looks at a slow\nquery with you.\n\nRaise it from an incident.')).toEqual([
      { type: 'paragraph', inlines: [{ type: 'text', text: 'A DBA looks at a slow query with you.' }] },
      { type: 'paragraph', inlines: [{ type: 'text', text: 'Raise it from an incident.' }] },
    ]);
  });

  it('reads lists (with continuation lines) and headings', () => {
    expect(parseMarkdown('## Steps\n\n- one\n  more\n- two\n\n1. first\n2. second')).toEqual([
      { type: 'heading', inlines: [{ type: 'text', text: 'Steps' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'one more' }], [{ type: 'text', text: 'two' }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]] },
    ]);
  });

  it('keeps HTML as text: nothing is interpreted as markup', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> **bold**')).toEqual([
      {
        type: 'paragraph',
        inlines: [
          { type: 'text', text: '<img src=x onerror=alert(1)> ' },
          { type: 'strong', text: 'bold' },
        ],
      },
    ]);
  });
});

describe('parseInline', () => {
  it('finds code, bold, emphasis and links, but not underscores inside words', () => {
    expect(parseInline('Use `restore-backup`, *carefully*, see [the runbook](https://wiki.example.com/x) for backup_id')).toEqual([
      { type: 'text', text: 'Use ' },
      { type: 'code', text: 'restore-backup' },
      { type: 'text', text: ', ' },
      { type: 'em', text: 'carefully' },
      { type: 'text', text: ', see ' },
      { type: 'link', text: 'the runbook', href: 'https://wiki.example.com/x' },
      { type: 'text', text: ' for backup_id' },
    ]);
  });
});
