/**
 * The queue's columns: their ids, labels, default widths and which show by default.
 * The table, the column menu, sorting and saved views all name columns by these ids.
 */
import { z } from 'zod';

export const COLUMN_IDS = [
  'status',
  'urgency',
  'priority',
  'number',
  'title',
  'service',
  'team',
  'assignees',
  'created',
  'age',
  'acknowledgedBy',
  'tenant',
  'ticket',
] as const;

export const ColumnId = z.enum(COLUMN_IDS);
export type ColumnId = z.infer<typeof ColumnId>;

export interface ColumnSpec {
  id: ColumnId;
  label: string;
  /** The name a screen reader announces, when the label is a symbol. */
  name?: string;
  /** Default width in px (for growing columns, the least they get). */
  width: number;
  /** Shown in a fresh install. */
  visibleByDefault: boolean;
  /** Share of the spare width the column takes (text columns); fixed width when absent. */
  grow?: number;
  /** When the window is too narrow, columns with a lower rank are dropped from view first (never those in KEPT_COLUMNS). */
  keepRank: number;
  align?: 'right';
}

export const COLUMNS: Record<ColumnId, ColumnSpec> = {
  status: { id: 'status', label: 'Status', width: 150, visibleByDefault: true, keepRank: 100 },
  urgency: { id: 'urgency', label: 'Urgency', width: 80, visibleByDefault: true, keepRank: 90 },
  priority: { id: 'priority', label: 'Priority', width: 76, visibleByDefault: true, keepRank: 60 },
  number: { id: 'number', label: '#', name: 'Number', width: 56, visibleByDefault: true, keepRank: 95, align: 'right' },
  title: { id: 'title', label: 'Title', width: 260, visibleByDefault: true, grow: 4, keepRank: 100 },
  service: { id: 'service', label: 'Service', width: 160, visibleByDefault: true, grow: 1, keepRank: 80 },
  team: { id: 'team', label: 'Team', width: 120, visibleByDefault: true, grow: 1, keepRank: 40 },
  assignees: { id: 'assignees', label: 'Assigned to', width: 150, visibleByDefault: true, grow: 1, keepRank: 70 },
  created: { id: 'created', label: 'Created', width: 128, visibleByDefault: false, keepRank: 30 },
  age: { id: 'age', label: 'Age', width: 64, visibleByDefault: true, keepRank: 85, align: 'right' },
  acknowledgedBy: { id: 'acknowledgedBy', label: 'Acknowledged by', width: 150, visibleByDefault: false, grow: 1, keepRank: 35 },
  tenant: { id: 'tenant', label: 'Tenant', width: 120, visibleByDefault: false, grow: 1, keepRank: 50 },
  // Shown only when someone turns it on, so it stays in view longer than the default priority and team.
  ticket: { id: 'ticket', label: 'Ticket', width: 200, visibleByDefault: false, grow: 1, keepRank: 65 },
};

export const MIN_COLUMN_WIDTH = 48;
export const MAX_COLUMN_WIDTH = 800;
/** Columns a narrow window never drops from view (the user may still hide them): what an on-call person reads first. */
export const KEPT_COLUMNS: readonly ColumnId[] = ['status', 'urgency', 'number', 'title'];

/** Columns that can never be hidden or dropped: without them a row means nothing. */
export const REQUIRED_COLUMNS: readonly ColumnId[] = ['title'];

/** The column's name in words (menus, screen readers). */
export function columnName(id: ColumnId): string {
  return COLUMNS[id].name ?? COLUMNS[id].label;
}
