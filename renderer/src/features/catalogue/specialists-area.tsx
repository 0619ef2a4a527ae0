/**
 * The catalogue, requests, changes and delivery areas, drawn in place of the incident queue when chosen in
 * the header (the queue stays mounted underneath, hidden, so coming back is instant); the
 * area is then the page's main landmark.
 * Always listens for specialistRequestChanged, changesChanged and deliveryChanged, so request,
 * change and delivery lists are current whichever area shows. While an area shows, the queue's single-key shortcuts are kept from acting
 * on incidents nobody can see.
 */
import { useQueueKeysGuard } from '../actions/queue-keys-guard';
import { useConsoleArea } from './console-area';
import { CatalogueView } from './catalogue-view';
import { RequestsView } from '../requests/requests-view';
import { useRequestEvents } from '../requests/use-requests';
import { useViewer } from '../personas/use-personas';
import { ChangesView } from '../changes/changes-view';
import { useChangeEvents } from '../changes/use-changes';
import { DeliveryView } from '../delivery/delivery-view';
import { useDeliveryEvents } from '../delivery/use-delivery';
import '../changes/changes-area.css';
import './specialists-area.css';

const AREA_LABEL = { catalogue: 'Catalogue', requests: 'Requests', changes: 'Changes', delivery: 'Delivery' } as const;

export function SpecialistsArea() {
  const area = useConsoleArea((state) => state.area);
  const raisingFrom = useConsoleArea((state) => state.raiseFrom?.incidentId ?? null);
  const viewer = useViewer();
  useRequestEvents(viewer);
  useChangeEvents();
  useDeliveryEvents();
  useQueueKeysGuard(area !== 'queue');
  if (area === 'queue') return null;
  // The page's main landmark while it shows: the queue's <main> is hidden underneath (specialists-area.css).
  return (
    <main className="specialists-area" aria-label={AREA_LABEL[area]}>
      {/* A new incident starts a fresh catalogue: its own filter, nothing typed for another. */}
      {area === 'catalogue' && <CatalogueView key={raisingFrom ?? 'none'} />}
      {area === 'requests' && <RequestsView />}
      {area === 'changes' && <ChangesView />}
      {area === 'delivery' && <DeliveryView />}
    </main>
  );
}
