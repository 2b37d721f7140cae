/**
 * 3D positions for a generated network: each population a ball-shaped cloud (radius ∝ ∛size),
 * the clouds side by side along x. Seeded, so a network always looks the same.
 */
import type { PopulationRange } from '../build/network';
import { CounterRng } from '../build/threefry';

export function populationClouds(populations: PopulationRange[], numNeurons: number): Float32Array {
  const pos = new Float32Array(3 * numNeurons);
  const radii = populations.map((p) => Math.cbrt(p.size));
  let x = 0;
  populations.forEach((p, k) => {
    const r = radii[k];
    x += k === 0 ? 0 : radii[k - 1] + r + 0.6 * Math.max(radii[k - 1], r);
    const rng = new CounterRng(0x51ed, k);
    for (let i = 0; i < p.size; i++) {
      // uniform in a ball: a direction, and a radius with density ∝ r²
      const z = 2 * rng.nextDouble() - 1;
      const phi = 2 * Math.PI * rng.nextDouble();
      const s = Math.sqrt(1 - z * z);
      const rad = r * Math.cbrt(rng.nextDouble());
      const g = 3 * (p.start + i);
      pos[g] = x + rad * s * Math.cos(phi);
      pos[g + 1] = rad * s * Math.sin(phi);
      pos[g + 2] = rad * z;
    }
  });
  // centre the whole picture
  const mid = x / 2;
  for (let i = 0; i < numNeurons; i++) pos[3 * i] -= mid;
  return pos;
}
