#!/usr/bin/env node
// Regenerates the application icon set from build/icon.svg: build/icon.png (1024 px, the
// master electron-builder scales from), build/icons/NxN.png (Linux: AppImage and deb),
// build/icon.icns (macOS: app and dmg) and build/icon.ico (Windows: exe and installer).
// Run it by hand after editing the SVG (`npm run icons`) and commit the results; neither
// `npm ci` nor `npm test` runs it. Every size is rendered from the vector source, so small
// sizes stay sharp; the .icns and .ico are packed from the 1024 px master by png2icons.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const buildDir = dirname(fileURLToPath(import.meta.url));
/** The sizes a Linux desktop looks for in hicolor. */
const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

function main() {
  const svg = readFileSync(join(buildDir, 'icon.svg'));
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const size of LINUX_ICON_SIZES) writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), render(svg, size));
  const master = render(svg, 1024);
  writeFileSync(join(buildDir, 'icon.png'), master);

  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  // BMP entries below 256 px and PNG at 256 px, the layout Windows resource tools expect.
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
  if (!icns || !ico) throw new Error('png2icons could not pack build/icon.png: is it a valid 1024x1024 RGBA PNG?');
  writeFileSync(join(buildDir, 'icon.icns'), icns);
  writeFileSync(join(buildDir, 'icon.ico'), ico);
  console.log(`Wrote build/icon.png, build/icon.icns, build/icon.ico and ${LINUX_ICON_SIZES.length} sizes in build/icons/.`);
}

main();
