/**
 * Settings -> Workspace: export the connections as a workspace YAML file without secrets
 * (to share with the team or run headless), and import one (a file or pasted text); an
 * import's problems are listed with their line and column.
 */
import { useState } from 'react';
import { Alert, Button, FileButton, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { RequestOutput } from '../../../../shared/contract';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';
import { useConnections, useRefreshConnections } from './use-settings';

export function WorkspacePanel() {
  const { client } = useConsole();
  const connections = useConnections();
  const refresh = useRefreshConnections();
  const [yaml, setYaml] = useState('');
  const [exported, setExported] = useState<RequestOutput<'exportWorkspace'> | null>(null);
  const [imported, setImported] = useState<RequestOutput<'importWorkspace'> | null>(null);
  const exporting = useMutation({
    mutationFn: () => client.call('exportWorkspace', {}),
    onSuccess: (result) => {
      setExported(result);
      download(result.fileName, result.yaml);
    },
  });
  const importing = useMutation({
    mutationFn: (text: string) => client.call('importWorkspace', { yaml: text }),
    onSuccess: (result) => {
      setImported(result);
      if (result.ok) refresh();
    },
  });
  const editable = connections.data?.editable ?? false;

  return (
    <Stack gap="md">
      <Stack gap="xs">
        <Title order={3} size="h4">
          Export
        </Title>
        <Text size="sm" c="dimmed">
          The connections as a workspace file, without secrets: share it with your team, or run it headless with serve --workspace.
        </Text>
        <Button
          leftSection={<IconDownload size={16} />}
          variant="default"
          w="fit-content"
          loading={exporting.isPending}
          onClick={() => exporting.mutate()}
        >
          Export workspace YAML
        </Button>
        {exporting.error && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(exporting.error)}
          </Text>
        )}
        {exported && (
          <Textarea
            label="Exported workspace"
            readOnly
            autosize
            minRows={4}
            maxRows={14}
            value={exported.yaml}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          />
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={3} size="h4">
          Import
        </Title>
        {!editable && connections.data && (
          <Text size="sm" c="dimmed">
            Here the connections come from the workspace file and the environment: you can check a workspace file for problems, and import
            it in the desktop app.
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Replaces the connections with the file&apos;s. Connections it keeps (same system and address) keep their stored secret; add the
          secrets of new ones under Connections.
        </Text>
        <Group gap="xs">
          <FileButton accept=".yaml,.yml,text/yaml,application/yaml" onChange={(file) => void file?.text().then(setYaml)}>
            {(props) => (
              <Button {...props} variant="default" leftSection={<IconUpload size={16} />}>
                Choose a file…
              </Button>
            )}
          </FileButton>
        </Group>
        <Textarea
          label="Workspace YAML"
          description="Choose a file or paste its text"
          autosize
          minRows={4}
          maxRows={14}
          value={yaml}
          onChange={(event) => {
            setYaml(event.currentTarget.value);
            setImported(null);
          }}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
        />
        <Button w="fit-content" disabled={yaml.trim() === ''} loading={importing.isPending} onClick={() => importing.mutate(yaml)}>
          {editable ? 'Import' : 'Check'}
        </Button>
        {importing.error && (
          <Text size="sm" c="red" role="alert">
            {errorMessage(importing.error)}
          </Text>
        )}
        {imported && !imported.ok && (
          <Alert color="red" role="alert" title="The workspace has problems">
            <List size="sm">
              {imported.problems.map((problem, index) => (
                <List.Item key={index}>
                  {problem.line !== null ? `Line ${problem.line}${problem.column !== null ? `, column ${problem.column}` : ''}: ` : ''}
                  {problem.problem}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {imported?.ok && (
          <Alert color="green" role="status" title="Imported">
            {imported.connections.length} connection(s). Add the secrets of those marked &quot;No secret&quot; under Connections.
          </Alert>
        )}
      </Stack>
    </Stack>
  );
}

/** Offers text as a file download (a Blob URL, released right after). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
