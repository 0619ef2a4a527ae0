// The application icon set electron-builder.yml points at: every file exists and holds
// the size its name or format promises, read from the files' own headers (PNG IHDR,
// the ICNS table of contents, the ICO directory), so a wrong or stale export fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, repoRoot } from './builder-config';

const config = loadBuilderConfig();
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngHeader {
  width: number;
  height: number;
  /** 6 = RGBA: icons need an alpha channel for their rounded corners. */
  colorType: number;
}

/** Width, height and colour type from a PNG's IHDR chunk; throws when it is not a PNG. */
function pngHeader(data: Buffer): PngHeader {
  if (!data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG file');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colorType: data.readUInt8(25) };
}

function read(path: string): Buffer {
  return readFileSync(join(repoRoot, path));
}

/** The entries of an .icns file: type code and, for PNG payloads, the image's size. */
function icnsEntries(data: Buffer): { type: string; png?: PngHeader }[] {
  if (data.toString('ascii', 0, 4) !== 'icns' || data.readUInt32BE(4) !== data.length) throw new Error('not an icns file');
  const entries: { type: string; png?: PngHeader }[] = [];
  for (let offset = 8; offset < data.length;) {
    const type = data.toString('ascii', offset, offset + 4);
    const length = data.readUInt32BE(offset + 4);
    if (length < 8) throw new Error(`icns entry ${type} has length ${length}`);
    const payload = data.subarray(offset + 8, offset + length);
    entries.push(payload.subarray(0, 8).equals(PNG_SIGNATURE) ? { type, png: pngHeader(payload) } : { type });
    offset += length;
  }
  return entries;
}

/** The image sizes listed in an .ico directory (a stored 0 means 256). */
function icoSizes(data: Buffer): number[] {
  if (data.readUInt16LE(0) !== 0 || data.readUInt16LE(2) !== 1) throw new Error('not an ico file');
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + index * 16;
    const width = data.readUInt8(entry) || 256;
    const height = data.readUInt8(entry + 1) || 256;
    if (width !== height) throw new Error(`ico entry ${index} is ${width}x${height}, not square`);
    const offset = data.readUInt32LE(entry + 12);
    const bytes = data.readUInt32LE(entry + 8);
    if (offset + bytes > data.length) throw new Error(`ico entry ${index} points past the end of the file`);
    return width;
  });
}

describe('the application icons', () => {
  it('have a 1024x1024 RGBA master, build/icon.png', () => {
    expect(pngHeader(read('build/icon.png'))).toEqual({ width: 1024, height: 1024, colorType: 6 });
  });

  it('have a Linux set whose every file is the size its name says, from 16 to 1024 px', () => {
    expect(config.linux.icon).toBe('build/icons');
    const files = readdirSync(join(repoRoot, config.linux.icon)).filter((name) => name.endsWith('.png'));
    const sizes = files.map((name) => {
      const match = /^(\d+)x(\d+)\.png$/.exec(name);
      expect(match, `${name} should be named WIDTHxHEIGHT.png`).not.toBeNull();
      const header = pngHeader(read(join(config.linux.icon, name)));
      expect({ name, width: header.width, height: header.height, colorType: header.colorType }).toEqual({
        name,
        width: Number(match?.[1]),
        height: Number(match?.[2]),
        colorType: 6,
      });
      return header.width;
    });
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 64, 128, 256, 512, 1024]));
  });

  it('have a macOS .icns with the retina sizes up to 1024 px', () => {
    expect(config.mac.icon).toBe('build/icon.icns');
    const entries = icnsEntries(read(config.mac.icon));
    const byType = new Map(entries.map((entry) => [entry.type, entry.png?.width]));
    // ic07-ic10: 128, 256, 512 and 1024 (512@2x) px, the sizes Finder and the Dock use.
    expect(Object.fromEntries(['ic07', 'ic08', 'ic09', 'ic10'].map((type) => [type, byType.get(type)]))).toEqual({
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
    });
  });

  it('have a Windows .ico with 16, 32, 48 and 256 px images', () => {
    expect(config.win.icon).toBe('build/icon.ico');
    expect(icoSizes(read(config.win.icon))).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('come from one vector source, build/icon.svg', () => {
    const svg = read('build/icon.svg').toString('utf8');
    expect(svg).toMatch(/<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it('the header readers reject what is not an icon (so the checks above can fail)', () => {
    expect(() => pngHeader(read('build/icon.svg'))).toThrow('not a PNG');
    expect(() => icnsEntries(read('build/icon.png'))).toThrow('not an icns');
    expect(() => icoSizes(read('build/icon.png'))).toThrow('not an ico');
  });
});
