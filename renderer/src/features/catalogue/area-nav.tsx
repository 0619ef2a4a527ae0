/**
 * The bar under the header: the area switch (Incidents, the queue and the default;
 * Catalogue; Requests; Changes; Delivery) and the persona switch (in the demo) or who the console acts as.
 * Each area tab is a registry command ("go to"): its label, its keys (`g i`, `g c`, `g r`, `g h`, `g d`,
 * bound by the keymap with the others) in the tooltip, its run.
 */
import { Button, Group } from '@mantine/core';
import { IconArrowsExchange, IconBook2, IconInbox, IconListCheck, IconRocket } from '@tabler/icons-react';
import { useConsoleArea, type ConsoleArea } from './console-area';
import './specialists-area.css';
import { commandKeysText, commandLabel, type CommandId } from '../commands/registry';
import { useCommandRunner } from '../actions/use-command-runner';
import { PersonaSwitcher } from '../personas/persona-switcher';

const AREAS: readonly { area: ConsoleArea; command: CommandId; icon: typeof IconInbox }[] = [
  { area: 'queue', command: 'goToIncidents', icon: IconInbox },
  { area: 'catalogue', command: 'goToCatalogue', icon: IconBook2 },
  { area: 'requests', command: 'goToRequests', icon: IconListCheck },
  { area: 'changes', command: 'goToChanges', icon: IconArrowsExchange },
  { area: 'delivery', command: 'goToDelivery', icon: IconRocket },
];

export function AreaBar() {
  // A named region, so the persona switch sits in a landmark like everything else.
  return (
    <section className="area-bar" aria-label="Area and persona">
      <AreaNav />
      <PersonaSwitcher />
    </section>
  );
}

function AreaNav() {
  const area = useConsoleArea((state) => state.area);
  const runner = useCommandRunner();
  return (
    <Group component="nav" aria-label="Areas" gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
      {AREAS.map(({ area: target, command, icon: Icon }) => {
        const label = commandLabel(command);
        const keys = commandKeysText(command);
        return (
          <Button
            key={target}
            size="compact-sm"
            radius={0}
            className="area-tab"
            variant="subtle"
            color={area === target ? undefined : 'gray'}
            aria-current={area === target ? 'page' : undefined}
            title={keys ? `${label} (${keys})` : label}
            leftSection={<Icon size={14} aria-hidden />}
            onClick={() => runner.run(command)}
          >
            {label}
          </Button>
        );
      })}
    </Group>
  );
}
