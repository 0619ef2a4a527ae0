/**
 * A tiny router for the REST routes: method plus a path pattern with `:params`, and
 * the context a handler gets (query, params, parsed body, the acting user).
 */
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
  state: SimulatorState;
  serializer: Serializer;
}

export interface RestResult {
  status: number;
  body: unknown;
}

export type RestHandler = (context: RestContext) => RestResult;

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  pattern: string;
  handler: RestHandler;
  /** Writes need a From header unless this says 'optional' (where the document lists none). */
  fromHeader?: 'required' | 'optional';
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): this {
    for (const route of routes) {
      const keys: string[] = [];
      const source = route.pattern.replace(/:([a-z_]+)/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      this.routes.push({ ...route, regex: new RegExp(`^${source}/?$`), keys });
    }
    return this;
  }

  /** The route for a request: `route` when found, `pathKnown` when only the method is wrong. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { route: null; pathKnown: boolean } {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, index) => {
        params[key] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, params };
    }
    return { route: null, pathKnown };
  }
}
