/**
 * A tiny router for simulated REST routes: method plus a path pattern with `:params`
 * (a trailing slash allowed), percent-decoded params, and whether a path exists under
 * another method (for a vendor's 405). Each simulator declares its own route and context types.
 */

export interface PathRoute {
  method: string;
  pattern: string;
}

interface CompiledRoute<R> {
  route: R;
  regex: RegExp;
  keys: string[];
}

export class PathRouter<R extends PathRoute> {
  private readonly routes: CompiledRoute<R>[] = [];

  /** `paramName` finds the `:params` in a pattern; its first group is the param's name. */
  constructor(private readonly paramName: RegExp) {}

  add(...routes: R[]): this {
    for (const route of routes) {
      const keys: string[] = [];
      const source = route.pattern.replace(this.paramName, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      this.routes.push({ route, regex: new RegExp(`^${source}/?$`), keys });
    }
    return this;
  }

  /** The route for a request: `route` when found, `pathKnown` when only the method is wrong. */
  match(method: string, path: string): { route: R; params: Record<string, string> } | { route: null; pathKnown: boolean } {
    let pathKnown = false;
    for (const { route, regex, keys } of this.routes) {
      const found = regex.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      keys.forEach((key, index) => {
        params[key] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { route, params };
    }
    return { route: null, pathKnown };
  }
}
