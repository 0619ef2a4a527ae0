/**
 * Keeps a failure inside the metrics drawer: if the view throws while drawing (or its code
 * cannot be loaded), the drawer says what went wrong and offers to try again, and the
 * rest of the console (the queue behind the drawer) stays as it was.
 */
import { Component, type ReactNode } from 'react';
import { Alert, Button, Text } from '@mantine/core';

interface State {
  error: Error | null;
}

export class MetricsErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <Alert color="red" title="The response metrics could not be shown">
        <Text size="sm">{error.message || 'Something went wrong while drawing them.'}</Text>
        <Button size="compact-xs" mt={6} variant="default" onClick={() => this.setState({ error: null })}>
          Try again
        </Button>
      </Alert>
    );
  }
}
