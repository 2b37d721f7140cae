/**
 * The assembly calculus (Papadimitriou, Vempala, Mitropolsky, Collins & Maass 2020, PNAS 117:14464;
 * Dabagia, Papadimitriou & Vempala; the rule comparison of Constantinides & Nassar 2021): a brain
 * area of n neurons on a random directed graph G(n, p), driven by a fixed stimulus of k neurons that
 * each project to every area neuron with probability p. Each round:
 *
 *   input_i  = Σ w_ji over the synapses onto i whose presynaptic neuron fired last round (the
 *              stimulus fires every round; the area's winners of the last round), summed in f32
 *              in the order of i's incoming list
 *   winners  = the k largest inputs (k-cap), ties to the lower index
 *   learning (per winner i, over its incoming synapses from last round's firing j):
 *     hebbian  w ← w (1 + β)                          (the paper's rule)
 *     oja      w ← w + β (1 − w)  and  w ← w − β w for inputs that did not fire: Oja (1982) with
 *              binary rates, y = 1: Δw = β y (x − y w)
 *     stdp     hebbian, and synapses from this round's winners onto last round's winners (the
 *              anti-causal pairs) ← w (1 − β)
 *   support  = every area neuron that has ever won
 *
 * With β > 0 the winners settle into an assembly and the support stops growing; with β = 0 each
 * round picks a new random-ish set and the support keeps growing. Both backends (this CPU twin
 * and ./webgpuAssemblyArea.ts) compute the same bits: f32 sums in one order, exact ties.
 */
import { connect } from '../../network/connectivity';
import { CounterRng, Stream } from '../../random/threefry';

export type AssemblyRule = 'hebbian' | 'oja' | 'stdp';
export const ASSEMBLY_RULES: readonly AssemblyRule[] = ['hebbian', 'oja', 'stdp'];

export interface AssemblyOptions {
  n: number;
  k: number;
  p: number;
  beta: number;
  rule: AssemblyRule;
  seed: number;
}

export const PAPER_AREA: AssemblyOptions = { n: 100_000, k: 317, p: 0.01, beta: 0.05, rule: 'hebbian', seed: 1 };

/** Stream of the area's random graph (the stimulus→area synapses come from the next stream). */
const ASSEMBLY_STREAM = Stream.assemblyGraph;

/** The synapses onto each area neuron: entries inPtr[i] … inPtr[i+1]−1; presynaptic index < n an area neuron, ≥ n stimulus neuron (pre − n). */
export interface AssemblyGraph {
  options: AssemblyOptions;
  inPtr: Uint32Array;
  inPre: Uint32Array;
  synapses: number;
}

export function assemblyProblems(o: AssemblyOptions): string[] {
  const out: string[] = [];
  if (!Number.isInteger(o.n) || o.n < 2 || o.n > 1_000_000) out.push(`n: expected a whole number of neurons in 2..1000000, got ${o.n}`);
  if (!Number.isInteger(o.k) || o.k < 1 || o.k >= o.n) out.push(`k: expected a whole number in 1..n−1 (${o.n - 1}), got ${o.k}`);
  if (!(o.p > 0 && o.p <= 1)) out.push(`p: expected a probability in (0, 1], got ${o.p}`);
  if (!(o.beta >= 0 && o.beta < 1)) out.push(`beta: expected a plasticity in [0, 1), got ${o.beta}`);
  if (!ASSEMBLY_RULES.includes(o.rule)) out.push(`rule: expected one of ${ASSEMBLY_RULES.join(', ')}, got ${o.rule}`);
  return out;
}

export function buildAssemblyGraph(o: AssemblyOptions): AssemblyGraph {
  const problems = assemblyProblems(o);
  if (problems.length) throw new Error(`invalid assembly area: ${problems.join('; ')}`);
  const recurrent = connect(
    { type: 'fixedProbability', p: o.p, allowSelfConnections: false },
    o.n,
    o.n,
    true,
    new CounterRng(o.seed, ASSEMBLY_STREAM),
  );
  const stimulus = connect({ type: 'fixedProbability', p: o.p }, o.k, o.n, false, new CounterRng(o.seed, ASSEMBLY_STREAM + 1));
  const total = recurrent.pre.length + stimulus.pre.length;
  const inPtr = new Uint32Array(o.n + 1);
  const rPost = recurrent.post.view();
  const sPost = stimulus.post.view();
  for (let s = 0; s < rPost.length; s++) inPtr[rPost[s] + 1]++;
  for (let s = 0; s < sPost.length; s++) inPtr[sPost[s] + 1]++;
  for (let i = 0; i < o.n; i++) inPtr[i + 1] += inPtr[i];
  const fill = inPtr.slice(0, o.n);
  const inPre = new Uint32Array(total);
  const rPre = recurrent.pre.view();
  const sPre = stimulus.pre.view();
  for (let s = 0; s < sPost.length; s++) inPre[fill[sPost[s]]++] = o.n + sPre[s];
  for (let s = 0; s < rPost.length; s++) inPre[fill[rPost[s]]++] = rPre[s];
  return { options: o, inPtr, inPre, synapses: total };
}

/** What one round gave. */
export interface RoundResult {
  round: number;
  /** Area neurons that have ever won, after this round. */
  support: number;
  /** Winners of this round that also won the last one. */
  overlap: number;
}

export interface AssemblyArea {
  readonly graph: AssemblyGraph;
  /** Runs `rounds` rounds; one result per round. */
  run(rounds: number): Promise<RoundResult[]>;
  /** This round's winners (sorted indices) and every synapse's weight now. */
  readState(): Promise<{ winners: Uint32Array; weights: Float32Array }>;
  destroy(): void;
}

/** The CPU twin: plain TypeScript, f32 after every operation in the GPU kernels' order. */
export class CpuAssemblyArea implements AssemblyArea {
  private readonly weights: Float32Array;
  /** 1 if the neuron fired last round: area neurons, then the stimulus (always 1). */
  private readonly firedBefore: Uint8Array;
  private readonly firedNow: Uint8Array;
  private readonly everFired: Uint8Array;
  private readonly input: Float32Array;
  private support = 0;
  private round = 0;

  constructor(readonly graph: AssemblyGraph) {
    const { n, k } = graph.options;
    this.weights = new Float32Array(graph.synapses).fill(1);
    this.firedBefore = new Uint8Array(n + k);
    this.firedBefore.fill(1, n);
    this.firedNow = new Uint8Array(n);
    this.everFired = new Uint8Array(n);
    this.input = new Float32Array(n);
  }

  async run(rounds: number): Promise<RoundResult[]> {
    const out: RoundResult[] = [];
    for (let r = 0; r < rounds; r++) out.push(this.step());
    return out;
  }

  private step(): RoundResult {
    const { n, k, beta, rule } = this.graph.options;
    const { inPtr, inPre } = this.graph;
    const { weights: w, firedBefore: before, firedNow: now, input } = this;
    const fr = Math.fround;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) if (before[inPre[e]]) sum = fr(sum + w[e]);
      input[i] = sum;
    }
    kCap(input, k, now);
    const up = fr(1 + beta);
    const down = fr(1 - beta);
    const b = fr(beta);
    for (let i = 0; i < n; i++) {
      if (now[i]) {
        for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
          const x = before[inPre[e]];
          if (rule === 'oja') w[e] = fr(w[e] + fr(b * fr(x - w[e])));
          else if (x) w[e] = fr(w[e] * up);
        }
      }
      if (rule === 'stdp' && before[i]) {
        for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
          const j = inPre[e];
          if (j < n && now[j]) w[e] = fr(w[e] * down);
        }
      }
    }
    let overlap = 0;
    for (let i = 0; i < n; i++) {
      if (now[i] && before[i]) overlap++;
      if (now[i] && !this.everFired[i]) {
        this.everFired[i] = 1;
        this.support++;
      }
      before[i] = now[i];
    }
    return { round: this.round++, support: this.support, overlap };
  }

  async readState(): Promise<{ winners: Uint32Array; weights: Float32Array }> {
    const winners: number[] = [];
    for (let i = 0; i < this.graph.options.n; i++) if (this.firedBefore[i]) winners.push(i);
    return { winners: Uint32Array.from(winners), weights: this.weights.slice() };
  }

  destroy(): void {}
}

/**
 * k-cap: marks the k largest values (ties to the lower index) in `out` (1) and the rest (0). The
 * GPU finds the same set by a bitwise search for the k-th largest f32 (values ≥ 0, so their bits
 * order like them) and then takes ties in index order.
 */
export function kCap(values: Float32Array, k: number, out: Uint8Array): void {
  const sorted = Float32Array.from(values).sort();
  const threshold = sorted[values.length - k];
  let above = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > threshold) above++;
  let ties = k - above;
  for (let i = 0; i < values.length; i++) {
    if (values[i] > threshold) out[i] = 1;
    else if (values[i] === threshold && ties > 0) {
      out[i] = 1;
      ties--;
    } else out[i] = 0;
  }
}
