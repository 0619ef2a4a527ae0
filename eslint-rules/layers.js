// A local ESLint rule that keeps the runtime layers apart by where an import really points
// (resolved against the importing file), not by how its path happens to be spelled.
// Each layer lists the layers it may import; see README, Architecture.
import { dirname, relative, resolve } from 'node:path';

/** Folder prefix (from the repo root) -> layer name. First match wins. */
const LAYERS = [
  ['electron/engine/ports', 'engine-ports'],
  ['electron/main', 'main'],
  ['electron/preload', 'preload'],
  ['electron/server', 'server'],
  ['electron/cli', 'cli'],
  ['electron/host', 'host'],
  ['electron/engine', 'engine'],
  ['electron/providers', 'providers'],
  ['electron/simulators', 'simulators'],
  ['shared', 'shared'],
  ['renderer', 'renderer'],
];

/** Layer -> the layers it may import (besides itself). Dependencies point down. */
const ALLOWED = {
  shared: [],
  renderer: ['shared'],
  'engine-ports': ['shared'],
  providers: ['engine-ports', 'shared'],
  simulators: ['shared'],
  // The engine sees vendors only through its ports (electron/engine/ports); the host wires the providers in.
  engine: ['engine-ports', 'shared'],
  host: ['engine', 'engine-ports', 'providers', 'simulators', 'shared'],
  server: ['host', 'engine-ports', 'shared'],
  cli: ['server', 'host', 'engine', 'engine-ports', 'providers', 'simulators', 'shared'],
  main: ['host', 'engine-ports', 'shared'],
  preload: ['shared'],
};

function layerOf(root, absolutePath) {
  const path = relative(root, absolutePath).split('\\').join('/');
  const match = LAYERS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`));
  return match ? match[1] : null;
}

export const layersPlugin = {
  rules: {
    'dependencies-point-down': {
      meta: {
        type: 'problem',
        docs: { description: 'Imports may only point to the same or a lower runtime layer.' },
        schema: [],
      },
      create(context) {
        const root = context.cwd;
        const fromLayer = layerOf(root, context.filename);
        if (!fromLayer) return {};
        const check = (node, source) => {
          if (typeof source !== 'string' || !source.startsWith('.')) return;
          const toLayer = layerOf(root, resolve(dirname(context.filename), source));
          if (!toLayer || toLayer === fromLayer || ALLOWED[fromLayer].includes(toLayer)) return;
          context.report({
            node,
            message: `${fromLayer} must not import from ${toLayer} (a higher or sideways layer): dependencies point down; see README, Architecture.`,
          });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
