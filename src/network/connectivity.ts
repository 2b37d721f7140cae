/**
 * Seeded connectors (PyNN semantics; `allowSelfConnections` defaults to true as in PyNN and
 * Brian2's `connect(p=…)`). Each projection k draws from its own stream, so adding a projection
 * never changes the wiring of the others. Indices are local to the pre and post populations.
 */
import type { Connector } from '../model/schema';
import { growU32, type GrowableArray } from './growable';
import type { CounterRng } from '../random/threefry';

export interface PairSink {
  pre: GrowableArray<Uint32Array>;
  post: GrowableArray<Uint32Array>;
}

export function connect(c: Connector, nPre: number, nPost: number, samePopulation: boolean, rng: CounterRng): PairSink {
  const out: PairSink = { pre: growU32(), post: growU32() };
  const add = (i: number, j: number) => {
    out.pre.push(i);
    out.post.push(j);
  };
  const selfOk = c.type === 'oneToOne' || c.type === 'fromList' || !samePopulation || (c.allowSelfConnections ?? true);
  switch (c.type) {
    case 'allToAll':
      for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) if (selfOk || i !== j) add(i, j);
      break;
    case 'oneToOne':
      for (let i = 0; i < nPre; i++) add(i, i);
      break;
    case 'fixedProbability':
      fixedProbability(c.p, nPre, nPost, selfOk, rng, add);
      break;
    case 'fixedInDegree':
      fixedInDegree(c.n, nPre, nPost, selfOk, c.withReplacement ?? false, rng, add);
      break;
    case 'fixedTotalNumber':
      fixedTotalNumber(c.n, nPre, nPost, selfOk, c.withReplacement ?? true, rng, add);
      break;
    case 'fromList':
      for (const row of c.connections) add(row[0], row[1]);
      break;
  }
  return out;
}

/** Bernoulli trials by geometric skipping: one random number per synapse, not per pair. */
function fixedProbability(p: number, nPre: number, nPost: number, selfOk: boolean, rng: CounterRng, add: (i: number, j: number) => void) {
  if (p <= 0) return;
  const logQ = Math.log1p(-p); // -Infinity when p = 1: every gap is 0
  for (let i = 0; i < nPre; i++) {
    let j = -1;
    for (;;) {
      const gap = p >= 1 ? 0 : Math.floor(Math.log(1 - rng.nextDouble()) / logQ);
      j += 1 + gap;
      if (j >= nPost) break;
      if (selfOk || i !== j) add(i, j);
    }
  }
}

/** Each post neuron gets exactly n inputs (partial Fisher–Yates without replacement). */
function fixedInDegree(
  n: number,
  nPre: number,
  nPost: number,
  selfOk: boolean,
  withReplacement: boolean,
  rng: CounterRng,
  add: (i: number, j: number) => void,
) {
  if (withReplacement) {
    for (let j = 0; j < nPost; j++) {
      for (let t = 0; t < n;) {
        const i = rng.nextInt(nPre);
        if (!selfOk && i === j) continue;
        add(i, j);
        t++;
      }
    }
    return;
  }
  const pool = new Uint32Array(nPre);
  for (let i = 0; i < nPre; i++) pool[i] = i;
  for (let j = 0; j < nPost; j++) {
    for (let t = 0; t < n;) {
      const r = t + rng.nextInt(nPre - t);
      const i = pool[r];
      if (!selfOk && i === j) continue; // redraw: uniform over the remaining set without j
      pool[r] = pool[t];
      pool[t] = i;
      add(i, j);
      t++;
    }
  }
}

function fixedTotalNumber(
  n: number,
  nPre: number,
  nPost: number,
  selfOk: boolean,
  withReplacement: boolean,
  rng: CounterRng,
  add: (i: number, j: number) => void,
) {
  const pairs = nPre * nPost;
  if (withReplacement) {
    for (let t = 0; t < n;) {
      const k = rng.nextInt(pairs);
      const i = Math.floor(k / nPost);
      const j = k % nPost;
      if (!selfOk && i === j) continue;
      add(i, j);
      t++;
    }
    return;
  }
  // Floyd's algorithm: n distinct pair indices.
  const chosen = new Set<number>();
  for (let r = pairs - n; r < pairs; r++) {
    const k = rng.nextInt(r + 1);
    chosen.add(chosen.has(k) ? r : k);
  }
  for (const k of [...chosen].sort((a, b) => a - b)) {
    const i = Math.floor(k / nPost);
    const j = k % nPost;
    if (selfOk || i !== j) add(i, j);
  }
}
