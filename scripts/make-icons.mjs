// Draws the app's icons (a firefly's glow on night blue) into public/icons/: the web app
// manifest's 192 and 512 px PNGs, and a maskable 512 px one with the glow inside the safe zone.
// Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

function icon(size, glowRadius) {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x + 0.5 - c, y + 0.5 - c) / (size * glowRadius);
      const glow = Math.exp(-r * r * 6); // the halo
      const core = r < 0.22 ? 1 : 0;
      const k = (y * size + x) * 4;
      png.data[k] = Math.min(255, 20 + 230 * glow + 5 * core);
      png.data[k + 1] = Math.min(255, 30 + 176 * glow + 49 * core);
      png.data[k + 2] = Math.min(255, 60 + 20 * glow + 100 * core);
      png.data[k + 3] = 255;
    }
  return PNG.sync.write(png);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/luciole-192.png', icon(192, 0.5));
writeFileSync('public/icons/luciole-512.png', icon(512, 0.5));
writeFileSync('public/icons/luciole-maskable-512.png', icon(512, 0.32));
