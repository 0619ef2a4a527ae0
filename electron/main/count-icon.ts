/**
 * Draws the tray icon and the taskbar overlay as raw pixels: a filled circle (red while
 * incidents are triggered, grey when none) with the count in white, in a tiny built-in
 * digit font. The packaged app carries no image files, and a drawn count reads on every
 * desktop's tray. Returns BGRA bytes for nativeImage.createFromBitmap.
 */

/** 3x5 glyphs, one string per row. */
const GLYPHS: Record<string, string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  '+': ['000', '010', '111', '010', '000'],
};

type Rgb = readonly [number, number, number];
const TRIGGERED: Rgb = [0xe0, 0x31, 0x31];
const CALM: Rgb = [0x86, 0x8e, 0x96];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** What the icon shows: nothing for 0, the count up to 99, then "99+". */
export function countLabel(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

export interface Bitmap {
  width: number;
  height: number;
  /** BGRA, row by row. */
  pixels: Buffer;
}

/** A `size` x `size` circle with the count (empty when 0). */
export function drawCountIcon(count: number, size: number): Bitmap {
  const pixels = Buffer.alloc(size * size * 4);
  const label = countLabel(count);
  const colour = label ? TRIGGERED : CALM;
  const centre = (size - 1) / 2;
  const radius = size / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      // One pixel of soft edge, so the circle is not jagged.
      const alpha = Math.max(0, Math.min(1, radius - distance));
      if (alpha > 0) setPixel(pixels, size, x, y, colour, alpha);
    }
  }
  if (label) drawText(pixels, size, label);
  return { width: size, height: size, pixels };
}

function drawText(pixels: Buffer, size: number, label: string): void {
  const glyphs = [...label].map((char) => GLYPHS[char]!);
  // The largest whole scale at which the text fits in the circle's inner square.
  const inner = Math.floor(size * 0.72);
  const unitsWide = glyphs.length * 3 + (glyphs.length - 1);
  const scale = Math.max(1, Math.min(Math.floor(inner / unitsWide), Math.floor(inner / 5)));
  const width = unitsWide * scale;
  const height = 5 * scale;
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - height) / 2);
  glyphs.forEach((glyph, index) => {
    const glyphLeft = left + index * 4 * scale;
    glyph.forEach((row, rowIndex) => {
      [...row].forEach((bit, column) => {
        if (bit !== '1') return;
        for (let dy = 0; dy < scale; dy += 1) {
          for (let dx = 0; dx < scale; dx += 1) {
            setPixel(pixels, size, glyphLeft + column * scale + dx, top + rowIndex * scale + dy, WHITE, 1);
          }
        }
      });
    });
  });
}

function setPixel(pixels: Buffer, size: number, x: number, y: number, [r, g, b]: Rgb, alpha: number): void {
  if (x < 0 || y < 0 || x >= size || y >= size) return;
  const offset = (y * size + x) * 4;
  // Premultiplied BGRA, as Skia's N32 format wants it.
  pixels[offset] = Math.round(b * alpha);
  pixels[offset + 1] = Math.round(g * alpha);
  pixels[offset + 2] = Math.round(r * alpha);
  pixels[offset + 3] = Math.round(255 * alpha);
}
