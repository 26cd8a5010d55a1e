/**
 * The Teams app icons, drawn in code so no image tool is needed: a white ring with a centre dot
 * (a reflection), on the accent colour for color.png (192×192) and on transparency for
 * outline.png (32×32, white only, as Teams requires). Edges are supersampled.
 */
import { encodePng, type Rgba } from './png';

const ACCENT: [number, number, number] = [0x1f, 0x6f, 0x8b];
const SAMPLES = 4;

/** How much of the pixel at (x, y) the ring-and-dot shape covers, from 0 to 1. */
function coverage(x: number, y: number, size: number): number {
  const c = size / 2;
  const outer = size * 0.32;
  const inner = size * 0.23;
  const dot = size * 0.09;
  let hit = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      const d = Math.hypot(x + (i + 0.5) / SAMPLES - c, y + (j + 0.5) / SAMPLES - c);
      if ((d <= outer && d >= inner) || d <= dot) hit++;
    }
  }
  return hit / (SAMPLES * SAMPLES);
}

export function colorIcon(size = 192): Buffer {
  return encodePng(size, size, (x, y): Rgba => {
    const k = coverage(x, y, size);
    return [
      ACCENT[0] + (255 - ACCENT[0]) * k,
      ACCENT[1] + (255 - ACCENT[1]) * k,
      ACCENT[2] + (255 - ACCENT[2]) * k,
      255,
    ];
  });
}

export function outlineIcon(size = 32): Buffer {
  return encodePng(size, size, (x, y): Rgba => [255, 255, 255, 255 * coverage(x, y, size)]);
}
