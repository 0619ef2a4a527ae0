// Builds the three Electron bundles: main (Node, may import electron), preload (sandboxed,
// CommonJS, bundles its dependencies) and the renderer (the React page, also served by
// the headless host).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the page unminified; minified, it downloads and compiles in a third of the time.
      minify: true,
      rollupOptions: {
        input: { index: resolve('renderer/index.html') },
        // Vendor code in a few chunks that change rarely: React and Mantine load with the queue;
        // the forms (catalogue) and charts (metrics, delivery) only with the areas that use them
        // (renderer/src/lazy-view.tsx). What is left is split by rolldown as the imports say.
        output: {
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 6 },
              { name: 'forms', test: /node_modules[\\/](@rjsf|@x0k|markdown-to-jsx|jsonpointer|json-schema-compare)[\\/]/, priority: 3 },
              {
                name: 'charts',
                test: /node_modules[\\/](recharts|d3-[a-z-]+|victory-vendor|@mantine[\\/]charts|@reduxjs|redux|redux-thunk|reselect|react-redux|immer|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/,
                priority: 3,
              },
              {
                name: 'mantine',
                // Before the forms and charts groups, which take their dependencies along: the helpers they
                // share with the queue (clsx, react-is, tslib) stay here, or the queue would load the charts.
                test: /node_modules[\\/](@mantine[\\/](core|hooks|notifications|store)|@floating-ui|react-remove-scroll[a-z-]*|react-style-singleton|use-callback-ref|use-sidecar|react-transition-group|react-number-format|react-textarea-autosize|clsx|react-is|tslib|@babel[\\/]runtime)[\\/]/,
                priority: 5,
              },
            ],
          },
        },
      },
    },
  },
});
