/**
 * The REST routes (method plus a path pattern with snake_case `:params`, matched by the
 * shared PathRouter) and the context a handler gets (query, params, parsed body, the acting user).
 */
import { PathRouter } from '../../http/path-router';
import type { IncomingHttpHeaders } from 'node:http';
import type { Serializer } from '../serializers';
import type { SimulatorState } from '../state';
import type { UserRecord } from '../types';

export interface RestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of a write (undefined for reads). */
  body: unknown;
  /** The user named by the From header (writes only; checked before the handler runs; null where From is optional and absent). */
  requester: UserRecord | null;
  /** Whom the token acts as: the user of a personal token, else the org's demo user. */
  caller: UserRecord;
  /** True when the token is a user's personal token (an account-level token acts for the whole account). */
  callerIsPersonal: boolean;
  state: SimulatorState;
  serializer: Serializer;
}

export interface RestResult {
  status: number;
  body: unknown;
}

type RestHandler = (context: RestContext) => RestResult;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  handler: RestHandler;
  /** Writes need a From header unless this says 'optional' (where the document lists none). */
  fromHeader?: 'required' | 'optional';
}

export class Router extends PathRouter<Route> {
  constructor() {
    super(/:([a-z_]+)/g);
  }
}
