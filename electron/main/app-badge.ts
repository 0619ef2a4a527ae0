/**
 * The count of triggered incidents outside the tray: the dock badge on macOS, the
 * launcher count on Linux (Unity-compatible launchers; app.setBadgeCount says whether it
 * took), and an overlay icon on the taskbar button on Windows.
 */
import { app, nativeImage } from 'electron';
import type { BrowserWindow } from 'electron';
import { countLabel, drawCountIcon } from './count-icon';

/** The Windows taskbar overlay's edge in pixels. */
const OVERLAY_SIZE = 16;

export function showAppBadge(count: number, platform: NodeJS.Platform, window: BrowserWindow | null): void {
  if (platform === 'win32') {
    if (!window || window.isDestroyed()) return;
    if (count <= 0) {
      window.setOverlayIcon(null, '');
      return;
    }
    const bitmap = drawCountIcon(count, OVERLAY_SIZE);
    const image = nativeImage.createFromBitmap(bitmap.pixels, { width: bitmap.width, height: bitmap.height });
    window.setOverlayIcon(image, `${countLabel(count)} triggered incidents`);
    return;
  }
  app.setBadgeCount(Math.max(0, count));
}
