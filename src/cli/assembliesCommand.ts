/**
 * `luciole assemblies`: the assembly calculus (Papadimitriou et al. 2020) on one area, printing
 * the support and overlap per round, the graph build and round times as JSON. The paper's area
 * (n = 10⁵, k = 317, p = 0.01, β = 0.05) is the default; it needs a GPU for speed.
 */
import { parseArgs } from 'node:util';
import { GpuRuntime } from '../gpu/gpuRuntime';
import { acquireNodeDevice } from '../gpu/nodeDevice';
import {
  ASSEMBLY_RULES,
  assemblyProblems,
  buildAssemblyGraph,
  CpuAssemblyArea,
  PAPER_AREA,
  type AssemblyRule,
} from '../learning/assemblies/assemblyArea';
import { WebGpuAssemblyArea } from '../learning/assemblies/webgpuAssemblyArea';
import { UsageError } from './hlopCommand';

export const ASSEMBLIES_USAGE = `luciole assemblies [--n N] [--k K] [--p P] [--beta B] [--rule ${ASSEMBLY_RULES.join('|')}] [--rounds R] [--seed S]
                   [--backend cpu|webgpu]   (default: the paper's n = 100000, k = 317, p = 0.01, β = 0.05, 30 rounds)`;

export async function assembliesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string', default: String(PAPER_AREA.n) },
      k: { type: 'string', default: String(PAPER_AREA.k) },
      p: { type: 'string', default: String(PAPER_AREA.p) },
      beta: { type: 'string', default: String(PAPER_AREA.beta) },
      rule: { type: 'string', default: PAPER_AREA.rule },
      rounds: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'cpu' },
    },
  });
  const o = {
    n: Number(values.n),
    k: Number(values.k),
    p: Number(values.p),
    beta: Number(values.beta),
    rule: values.rule as AssemblyRule,
    seed: Number(values.seed),
  };
  const rounds = Number(values.rounds);
  const problems = assemblyProblems(o).map((p) => `--${p}`);
  if (!Number.isInteger(rounds) || rounds < 1) problems.push(`--rounds: expected a whole number ≥ 1, got ${values.rounds}`);
  if (values.backend !== 'cpu' && values.backend !== 'webgpu') problems.push(`--backend: expected cpu or webgpu, got ${values.backend}`);
  if (problems.length) throw new UsageError(problems.join('\n'));
  const t0 = performance.now();
  const graph = buildAssemblyGraph(o);
  const buildMs = performance.now() - t0;
  let adapter = 'CPU (reference backend)';
  const gpu = values.backend === 'webgpu' ? await acquireNodeDevice() : null;
  if (gpu) adapter = gpu.description;
  const area = gpu ? new WebGpuAssemblyArea(new GpuRuntime(gpu.device), graph) : new CpuAssemblyArea(graph);
  const t1 = performance.now();
  const results = await area.run(rounds);
  const roundsMs = performance.now() - t1;
  area.destroy();
  console.log(
    JSON.stringify({
      ...o,
      rounds,
      synapses: graph.synapses,
      backend: values.backend,
      adapter,
      buildMs: Math.round(buildMs),
      msPerRound: +(roundsMs / rounds).toFixed(3),
      support: results.map((r) => r.support),
      overlap: results.map((r) => r.overlap),
    }),
  );
  return 0;
}
