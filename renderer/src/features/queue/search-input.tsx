/**
 * The queue's search box. Typing updates the field at once and the filter shortly after
 * (debounced), so a 5,000-incident queue never makes the keyboard lag. `/` focuses it
 * (the registry's focusSearch: the box registers itself as the "search" focus target).
 */
import { memo, useEffect, useRef, useState } from 'react';
import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useFocusTarget } from '../commands/focus-targets';
import { queuePrefsStore, useQueuePrefs } from './use-queue-prefs';

const DEBOUNCE_MS = 120;
const SEARCH_LABEL = 'Search incidents';

export const SearchInput = memo(function SearchInput() {
  const stored = useQueuePrefs((state) => state.filter.search);
  const [text, setText] = useState(stored);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSent = useRef(stored);
  const focusRef = useFocusTarget('search');

  // A view switch or "clear" changes the stored search: show it.
  useEffect(() => {
    if (stored !== lastSent.current) {
      lastSent.current = stored;
      setText(stored);
    }
  }, [stored]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  function send(value: string, now = false) {
    if (timer.current) clearTimeout(timer.current);
    const commit = () => {
      lastSent.current = value;
      queuePrefsStore.getState().setFilter({ search: value });
    };
    if (now) commit();
    else timer.current = setTimeout(commit, DEBOUNCE_MS);
  }

  return (
    <TextInput
      ref={focusRef}
      size="xs"
      className="queue-search"
      aria-label={SEARCH_LABEL}
      placeholder="Search title, #, service, people, tenant"
      leftSection={<IconSearch size={14} aria-hidden />}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        send(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') send(text, true);
        if (event.key === 'Escape' && text !== '') {
          event.stopPropagation();
          setText('');
          send('', true);
        } else if (event.key === 'Escape') {
          event.currentTarget.blur();
        }
      }}
      rightSection={
        text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              send('', true);
            }}
          />
        ) : null
      }
    />
  );
});
