/**
 * Code the queue does not need at start (the catalogue, requests, changes and delivery
 * areas, the settings drawer, charts and forms) is split into chunks loaded on first use,
 * and fetched ahead while the browser is idle once the first rows are on screen, so
 * opening an area from the keyboard or the palette rarely waits.
 *
 * `lazyView` wraps React.lazy with a preload (a failed preload is forgotten, so opening the
 * view loads it afresh); `LazyBoundary` shows a light placeholder while a chunk loads and
 * says what to do if it cannot be loaded.
 */
import { Component, lazy, Suspense, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { Alert, Group, Loader, Text } from '@mantine/core';

/** A view without props (areas and drawers read their own stores). */
type View = ComponentType;

interface LazyView {
  Component: LazyExoticComponent<View>;
  /** Starts loading the chunk (once); React.lazy then reuses the same load. */
  preload(): Promise<unknown>;
}

const preloads: Array<() => Promise<unknown>> = [];

export function lazyView(load: () => Promise<{ default: View }>): LazyView {
  let loading: Promise<{ default: View }> | null = null;
  const preload = () => {
    // A failed load is forgotten, so the next attempt (opening the view) fetches the chunk afresh.
    loading ??= load().catch((error: unknown): never => {
      loading = null;
      throw error;
    });
    return loading;
  };
  preloads.push(preload);
  return { Component: lazy(preload), preload };
}

/**
 * Once `firstRows` settles and a frame has been drawn, loads every lazy view's chunk while
 * the browser is idle, one after the other (never before: it would compete with the rows).
 */
export function preloadLazyViewsAfter(firstRows: Promise<unknown>, win: Window = window): void {
  const whenIdle = (next: () => void) =>
    typeof win.requestIdleCallback === 'function' ? win.requestIdleCallback(next, { timeout: 2_000 }) : win.setTimeout(next, 200);
  const queue = [...preloads];
  const step = () => {
    const preload = queue.shift();
    if (!preload) return;
    // A chunk that cannot be loaded now is tried again when its view is opened (LazyBoundary says so then).
    void preload()
      .catch(() => undefined)
      .then(() => whenIdle(step));
  };
  void firstRows.then(() => win.requestAnimationFrame(() => whenIdle(step)));
}

interface BoundaryProps {
  /** What is loading, for the placeholder and the error ("the catalogue"). */
  what: string;
  children: ReactNode;
}

/** Suspense with a one-line placeholder, and an error that says to reload the page. */
export function LazyBoundary({ what, children }: BoundaryProps) {
  return (
    <LoadErrorBoundary what={what}>
      <Suspense
        fallback={
          <Group gap="xs" p="md" role="status">
            <Loader size="xs" />
            <Text size="sm">Loading {what}…</Text>
          </Group>
        }
      >
        {children}
      </Suspense>
    </LoadErrorBoundary>
  );
}

class LoadErrorBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" title={`Could not show ${this.props.what}`} m="md">
        <Text size="sm">
          {error.message || 'Its code did not load.'} Reload the page to try again (the console may have been updated meanwhile).
        </Text>
      </Alert>
    );
  }
}
