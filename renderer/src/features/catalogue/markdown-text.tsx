/** Renders catalogue Markdown (markdown-lite.ts) with Mantine text: no HTML is ever injected. */
import { Anchor, Code, List, Stack, Text } from '@mantine/core';
import { parseMarkdown, type Inline } from './markdown-lite';
import { safeExternalUrl } from '../incidents/external-link';

function InlineText({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((inline, index) => {
        switch (inline.type) {
          case 'text':
            return <span key={index}>{inline.text}</span>;
          case 'code':
            return <Code key={index}>{inline.text}</Code>;
          case 'strong':
            return <strong key={index}>{inline.text}</strong>;
          case 'em':
            return <em key={index}>{inline.text}</em>;
          case 'link': {
            const href = safeExternalUrl(inline.href);
            return href ? (
              <Anchor key={index} href={href} target="_blank" rel="noopener noreferrer" inherit underline="always">
                {inline.text}
              </Anchor>
            ) : (
              <span key={index}>{inline.text}</span>
            );
          }
        }
      })}
    </>
  );
}

export function MarkdownText({ source, size = 'sm' }: { source: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Stack gap="xs">
      {parseMarkdown(source).map((block, index) => {
        if (block.type === 'heading') {
          return (
            <Text key={index} size={size} fw={600}>
              <InlineText inlines={block.inlines} />
            </Text>
          );
        }
        if (block.type === 'list') {
          return (
            <List key={index} type={block.ordered ? 'ordered' : 'unordered'} size={size} withPadding>
              {block.items.map((item, itemIndex) => (
                <List.Item key={itemIndex}>
                  <InlineText inlines={item} />
                </List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={index} size={size}>
            <InlineText inlines={block.inlines} />
          </Text>
        );
      })}
    </Stack>
  );
}
