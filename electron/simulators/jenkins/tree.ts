/**
 * Jenkins' `tree` query parameter for the remote access API: picks the fields a client
 * asks for (`builds[number,queueId,actions[parameters[name,value]]]{0,50}`) out of a
 * full JSON answer. `_class` is always kept, as Jenkins does.
 */

export interface TreeNode {
  name: string;
  children: TreeNode[] | null;
  range: { from: number; to: number | null } | null;
}

/** Parses a tree spec; throws an Error naming the position of a syntax error. */
export function parseTree(spec: string): TreeNode[] {
  let at = 0;
  const parseList = (): TreeNode[] => {
    const nodes: TreeNode[] = [];
    for (;;) {
      const start = at;
      while (at < spec.length && /[A-Za-z0-9_$]/.test(spec[at] ?? '')) at++;
      if (at === start) throw new Error(`tree: expected a field name at position ${at} of "${spec}"`);
      const node: TreeNode = { name: spec.slice(start, at), children: null, range: null };
      if (spec[at] === '[') {
        at++;
        node.children = parseList();
        if (spec[at] !== ']') throw new Error(`tree: expected "]" at position ${at} of "${spec}"`);
        at++;
      }
      if (spec[at] === '{') {
        const end = spec.indexOf('}', at);
        if (end < 0) throw new Error(`tree: unclosed "{" at position ${at} of "${spec}"`);
        const match = /^(\d*)(,(\d*))?$/.exec(spec.slice(at + 1, end));
        if (!match) throw new Error(`tree: bad range at position ${at} of "${spec}"`);
        const from = match[1] === '' ? 0 : Number(match[1]);
        const to = match[2] === undefined ? from + 1 : match[3] === '' ? null : Number(match[3]);
        node.range = { from, to };
        at = end + 1;
      }
      nodes.push(node);
      if (spec[at] !== ',') return nodes;
      at++;
    }
  };
  const nodes = parseList();
  if (at !== spec.length) throw new Error(`tree: unexpected "${spec[at]}" at position ${at} of "${spec}"`);
  return nodes;
}

/** The part of `value` the tree selects. */
export function applyTree(value: unknown, nodes: TreeNode[]): unknown {
  if (Array.isArray(value)) return value.map((item) => applyTree(item, nodes));
  if (!value || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  if ('_class' in source) picked._class = source._class;
  for (const node of nodes) {
    if (!(node.name in source)) continue;
    let field = source[node.name];
    if (Array.isArray(field) && node.range) field = field.slice(node.range.from, node.range.to ?? undefined);
    picked[node.name] = node.children ? applyTree(field, node.children) : field;
  }
  return picked;
}
