import { encodePng } from '../../scripts/seed-data.js';

/** A real PNG of the given size (grey pixels), for upload tests. */
export function png(width: number, height: number): Buffer {
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y += 1) rows[y * (width + 1)] = 0; // filter byte per row
  return encodePng(width, height, 'grey', rows);
}
