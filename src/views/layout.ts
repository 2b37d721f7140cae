/**
 * 3D positions for a generated network: each population a ball-shaped cloud (radius ∝ ∛size),
 * the clouds side by side along x. Seeded, so a network always looks the same.
 */
import type { PopulationRange } from '../network/network';
import { CounterRng } from '../random/threefry';

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

/**
 * Positions for a population with per-neuron info: the given positions (centred, scaled to a
 * radius of about 40), or, for a connectome without coordinates, a layout that reads naturally:
 * left hemisphere at negative x, right at positive x, midline (C) in between; depth along y by
 * graph distance (synaptic steps) from the sensory neurons; jitter by a seeded draw.
 */
export function connectomeLayout(
  numNeurons: number,
  info: { positions?: [number, number, number][]; hemispheres?: string[]; cellTypes?: string[] },
  rowPtr: Uint32Array,
  targets: Uint32Array,
  postMask: number,
): Float32Array {
  const pos = new Float32Array(3 * numNeurons);
  if (info.positions) {
    const c = [0, 1, 2].map((a) => info.positions!.reduce((s, p) => s + p[a], 0) / numNeurons);
    let r = 1e-9;
    for (const p of info.positions) r = Math.max(r, Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]));
    info.positions.forEach((p, i) => pos.set([((p[0] - c[0]) / r) * 40, ((p[1] - c[1]) / r) * 40, ((p[2] - c[2]) / r) * 40], 3 * i));
    return pos;
  }
  // graph distance from sensory neurons (breadth-first over the synapses)
  const depth = new Int32Array(numNeurons).fill(-1);
  let frontier: number[] = [];
  info.cellTypes?.forEach((t, i) => {
    if (t === 'sensory') {
      depth[i] = 0;
      frontier.push(i);
    }
  });
  while (frontier.length) {
    const next: number[] = [];
    for (const i of frontier)
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        const j = targets[k] & postMask;
        if (depth[j] < 0) {
          depth[j] = depth[i] + 1;
          next.push(j);
        }
      }
    frontier = next;
  }
  const maxDepth = Math.max(1, ...depth);
  const rng = new CounterRng(0x1a7, 0);
  for (let i = 0; i < numNeurons; i++) {
    const h = info.hemispheres?.[i];
    const side = h === 'L' ? -1 : h === 'R' ? 1 : 0;
    const d = depth[i] < 0 ? maxDepth + 1 : depth[i];
    pos[3 * i] = side * 22 + (rng.nextDouble() - 0.5) * 18;
    pos[3 * i + 1] = 40 - (d / (maxDepth + 1)) * 80 + (rng.nextDouble() - 0.5) * 8;
    pos[3 * i + 2] = (rng.nextDouble() - 0.5) * 24;
  }
  return pos;
}
