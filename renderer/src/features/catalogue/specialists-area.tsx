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
import { useRequestEvents } from '../requests/use-requests';
import { useViewer } from '../personas/use-personas';
import { useChangeEvents } from '../changes/use-changes';
import { useDeliveryEvents } from '../delivery/use-delivery';
import { LazyBoundary, lazyView } from '../../lazy-view';
import '../changes/changes-area.css';
import './specialists-area.css';

const AREA_LABEL = { catalogue: 'Catalogue', requests: 'Requests', changes: 'Changes', delivery: 'Delivery' } as const;

// Each area's code loads on first use (or while the browser is idle after the first rows).
const CatalogueView = lazyView(() => import('./catalogue-view').then((module) => ({ default: module.CatalogueView }))).Component;
const RequestsView = lazyView(() => import('../requests/requests-view').then((module) => ({ default: module.RequestsView }))).Component;
const ChangesView = lazyView(() => import('../changes/changes-view').then((module) => ({ default: module.ChangesView }))).Component;
const DeliveryView = lazyView(() => import('../delivery/delivery-view').then((module) => ({ default: module.DeliveryView }))).Component;

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
      <LazyBoundary key={area} what={`the ${AREA_LABEL[area].toLowerCase()}`}>
        {area === 'catalogue' && <CatalogueView key={raisingFrom ?? 'none'} />}
        {area === 'requests' && <RequestsView />}
        {area === 'changes' && <ChangesView />}
        {area === 'delivery' && <DeliveryView />}
      </LazyBoundary>
    </main>
  );
}
