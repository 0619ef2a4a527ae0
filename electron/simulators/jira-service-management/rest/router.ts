/**
 * The simulated REST routes (method plus a path pattern with camelCase `:params`, matched by
 * the shared PathRouter) and the context a handler gets (query, params, parsed body, the acting account).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { PathRouter } from '../../http/path-router';
import type { ChangeDesk } from '../change-desk';
import type { JsmUserRecord } from '../demo-site';
import type { Serializer } from '../serializers';
import type { JsmState } from '../state';

export interface RestContext {
  method: string;
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  /** The parsed JSON body of a write (undefined for reads). */
  body: unknown;
  /** The request's headers (lower-case names), e.g. X-ExperimentalApi. */
  headers: IncomingHttpHeaders;
  /** The account the Basic credentials belong to. */
  actor: JsmUserRecord;
  state: JsmState;
  /** The change project (change-desk.ts). */
  changes: ChangeDesk;
  serializer: Serializer;
}

export interface RestResult {
  status: number;
  /** undefined for 204 No Content. */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  pattern: string;
  handler: (context: RestContext) => RestResult;
}

export class Router extends PathRouter<Route> {
  constructor() {
    super(/:([a-zA-Z]+)/g);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
