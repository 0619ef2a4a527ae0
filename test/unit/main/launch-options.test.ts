// Which workspace the desktop app opens, and where its page comes from.
import { describe, expect, it, vi } from 'vitest';
import { resolveLaunchOptions } from '../../../electron/main/launch-options';
import { isLoopbackHttpUrl, resolveRendererTarget } from '../../../electron/main/renderer-target';

describe('resolveLaunchOptions', () => {
  it('opens the demo workspace when nothing names a file', () => {
    expect(resolveLaunchOptions(['electron', '.'], {}, '/home/me')).toEqual({ demo: true });
    expect(resolveLaunchOptions(['electron', '.'], { ONCALL_WORKSPACE: '  ' }, '/home/me')).toEqual({ demo: true });
  });

  it('reads --workspace FILE and --workspace=FILE, relative to the working directory', () => {
    expect(resolveLaunchOptions(['electron', '.', '--workspace', 'ws.yaml'], {}, '/home/me')).toEqual({
      workspaceFile: '/home/me/ws.yaml',
      demo: false,
    });
    expect(resolveLaunchOptions(['electron', '.', '--workspace=/etc/oncall/ws.yaml'], {}, '/home/me')).toEqual({
      workspaceFile: '/etc/oncall/ws.yaml',
      demo: false,
    });
  });

  it('falls back to ONCALL_WORKSPACE, and the argument wins over it', () => {
    expect(resolveLaunchOptions(['electron', '.'], { ONCALL_WORKSPACE: 'env.yaml' }, '/w').workspaceFile).toBe('/w/env.yaml');
    expect(resolveLaunchOptions(['electron', '.', '--workspace', 'arg.yaml'], { ONCALL_WORKSPACE: 'env.yaml' }, '/w').workspaceFile).toBe(
      '/w/arg.yaml',
    );
  });

  it('says what to fix when --workspace has no file', () => {
    expect(() => resolveLaunchOptions(['electron', '.', '--workspace'], {}, '/w')).toThrow(/--workspace needs a file/);
    expect(() => resolveLaunchOptions(['electron', '.', '--workspace', '--verbose'], {}, '/w')).toThrow(/needs a file/);
  });
});

describe('resolveRendererTarget', () => {
  it('loads the built page from out/renderer by default', () => {
    expect(resolveRendererTarget({ appPath: '/opt/app', isPackaged: false })).toEqual({
      kind: 'file',
      filePath: '/opt/app/out/renderer/index.html',
      url: 'file:///opt/app/out/renderer/index.html',
    });
  });

  it('uses a loopback dev server URL in development', () => {
    const target = resolveRendererTarget({ appPath: '/opt/app', isPackaged: false, devServerUrl: 'http://localhost:5173' });
    expect(target).toEqual({ kind: 'dev-server', url: 'http://localhost:5173/' });
  });

  it('ignores a dev server that is not loopback http, and one in a packaged app', () => {
    const warn = vi.fn();
    expect(resolveRendererTarget({ appPath: '/a', isPackaged: false, devServerUrl: 'https://evil.example/' }, warn).kind).toBe('file');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ELECTRON_RENDERER_URL'));
    expect(resolveRendererTarget({ appPath: '/a', isPackaged: true, devServerUrl: 'http://localhost:5173' }, warn).kind).toBe('file');
  });

  it.each([
    ['http://localhost:5173', true],
    ['http://127.0.0.1:5173/', true],
    ['http://[::1]:5173/', true],
    ['https://localhost:5173', false],
    ['http://localhost.evil.example:5173', false],
    ['http://user:pw@localhost:5173', false],
    ['http://10.0.0.2:5173', false],
    ['file:///tmp/index.html', false],
  ])('isLoopbackHttpUrl(%j) is %s', (url, expected) => {
    expect(isLoopbackHttpUrl(url)).toBe(expected);
  });
});
