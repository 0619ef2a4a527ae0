/**
 * Whether the Resolved view shows in place of the queue, and which resolved incident is
 * under review in the pane beside it: shared by the view, the views menu and the commands.
 */
import { create } from 'zustand';

interface ResolvedViewState {
  open: boolean;
  reviewId: string | null;
  show(open: boolean): void;
  review(incidentId: string | null): void;
}

export const useResolvedView = create<ResolvedViewState>()((set) => ({
  open: false,
  reviewId: null,
  show: (open) => set({ open, reviewId: null }),
  review: (reviewId) => set({ reviewId }),
}));
