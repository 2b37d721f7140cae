/**
 * The assembly area on WebGPU: four passes per round (shaders/assembly_*.wgsl: input, k-cap in one
 * workgroup, learning, advance), one submit per batch of rounds, the per-round counts read back
 * once per batch. It computes the same bits as the CPU twin (./assemblyArea.ts).
 */
import inputWgsl from '../../../shaders/assembly_input.wgsl?raw';
import kcapWgsl from '../../../shaders/assembly_kcap.wgsl?raw';
import learnWgsl from '../../../shaders/assembly_learn.wgsl?raw';
import advanceWgsl from '../../../shaders/assembly_advance.wgsl?raw';
import { ComputePass, type Binding } from '../../gpu/computePass';
import type { GpuRuntime } from '../../gpu/gpuRuntime';
import { StructPacker } from '../../gpu/structPacking';
import { commonWgsl, kernelSource } from '../../engine/webgpu/shaderSource';
import { ASSEMBLY_RULES, type AssemblyArea, type AssemblyGraph, type RoundResult } from './assemblyArea';

/** Rounds encoded into one submit at most (the results buffer holds one row each). */
const MAX_BATCH = 64;

class AssemblyPass extends ComputePass {
  constructor(device: GPUDevice, label: string, kernel: string, bindings: Binding[], workgroups: number, workgroupSize?: number) {
    super(device, label, kernelSource(kernel, 0), bindings, workgroups, { workgroupSize });
  }
}

export class WebGpuAssemblyArea implements AssemblyArea {
  private readonly device: GPUDevice;
  private readonly params: GPUBuffer;
  private readonly weights: GPUBuffer;
  private readonly firedBefore: GPUBuffer;
  private readonly firedNow: GPUBuffer;
  private readonly results: GPUBuffer;
  private readonly passes: AssemblyPass[];
  private readonly packer = new StructPacker(commonWgsl);
  private round = 0;
  private support = 0;

  constructor(
    private readonly runtime: GpuRuntime,
    readonly graph: AssemblyGraph,
  ) {
    const { n, k } = graph.options;
    const device = (this.device = runtime.device);
    const groups = Math.ceil(n / 64);
    runtime.checkLimits(
      [
        { label: 'assembly synapse weights (4 B per synapse)', bytes: graph.synapses * 4 },
        { label: 'assembly synapse sources (4 B per synapse)', bytes: graph.synapses * 4 },
      ],
      [{ label: 'assembly passes (one invocation per neuron)', workgroups: groups }],
    );
    const S = GPUBufferUsage.STORAGE;
    const D = GPUBufferUsage.COPY_DST;
    const make = (name: string, bytes: number, usage: number) => runtime.createBuffer(`WebGpuAssemblyArea.${name}`, bytes, usage);
    this.params = make('params', 256 * MAX_BATCH, GPUBufferUsage.UNIFORM | D);
    const inPtr = make('inPtr', graph.inPtr.byteLength, S | D);
    const inPre = make('inPre', graph.inPre.byteLength, S | D);
    this.weights = make('weights', graph.synapses * 4, S | D | GPUBufferUsage.COPY_SRC);
    this.firedBefore = make('firedBefore', (n + k) * 4, S | D | GPUBufferUsage.COPY_SRC);
    this.firedNow = make('firedNow', n * 4, S | D);
    const everFired = make('everFired', n * 4, S | D);
    const input = make('input', n * 4, S);
    this.results = make('results', MAX_BATCH * 8, S | D | GPUBufferUsage.COPY_SRC);
    runtime.write(inPtr, graph.inPtr);
    runtime.write(inPre, graph.inPre);
    runtime.write(this.weights, new Float32Array(graph.synapses).fill(1));
    const before = new Uint32Array(n + k);
    before.fill(1, n);
    runtime.write(this.firedBefore, before);
    const p: Binding = { kind: 'uniform-dynamic', buffer: this.params, size: this.packer.size('AssemblyParams') };
    const ro = (buffer: GPUBuffer): Binding => ({ kind: 'read-only-storage', buffer });
    const rw = (buffer: GPUBuffer): Binding => ({ kind: 'storage', buffer });
    this.passes = [
      new AssemblyPass(
        device,
        'AssemblyInputPass',
        inputWgsl,
        [p, ro(inPtr), ro(inPre), ro(this.weights), ro(this.firedBefore), rw(input)],
        groups,
      ),
      new AssemblyPass(device, 'AssemblyKCapPass', kcapWgsl, [p, ro(input), rw(this.firedNow)], 1, 256), // one workgroup of THREADS
      new AssemblyPass(
        device,
        'AssemblyLearnPass',
        learnWgsl,
        [p, ro(inPtr), ro(inPre), rw(this.weights), ro(this.firedBefore), ro(this.firedNow)],
        groups,
      ),
      new AssemblyPass(
        device,
        'AssemblyAdvancePass',
        advanceWgsl,
        [p, rw(this.firedBefore), ro(this.firedNow), rw(everFired), rw(this.results)],
        groups,
      ),
    ];
  }

  async run(rounds: number): Promise<RoundResult[]> {
    const out: RoundResult[] = [];
    while (rounds > 0) {
      const batch = Math.min(MAX_BATCH, rounds);
      out.push(...(await this.runBatch(batch)));
      rounds -= batch;
    }
    return out;
  }

  private async runBatch(batch: number): Promise<RoundResult[]> {
    const o = this.graph.options;
    const rows = new Uint8Array(256 * batch);
    for (let r = 0; r < batch; r++) {
      const one = this.packer.pack('AssemblyParams', [
        { n: o.n, k: o.k, rule: ASSEMBLY_RULES.indexOf(o.rule), round: r, beta: o.beta, up: 1 + o.beta, down: 1 - o.beta },
      ]);
      rows.set(new Uint8Array(one), 256 * r);
    }
    this.runtime.write(this.params, rows);
    const enc = this.device.createCommandEncoder({ label: 'WebGpuAssemblyArea.rounds' });
    enc.clearBuffer(this.results);
    const pass = enc.beginComputePass({ label: 'WebGpuAssemblyArea.rounds' });
    for (let r = 0; r < batch; r++) for (const p of this.passes) p.encode(pass, 256 * r);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    const counts = new Uint32Array(await this.runtime.readback.read(this.results, batch * 8));
    const out: RoundResult[] = [];
    for (let r = 0; r < batch; r++) {
      this.support += counts[2 * r];
      out.push({ round: this.round++, support: this.support, overlap: counts[2 * r + 1] });
    }
    return out;
  }

  async readState(): Promise<{ winners: Uint32Array; weights: Float32Array }> {
    const { n } = this.graph.options;
    const [fired, w] = await Promise.all([
      this.runtime.readback.read(this.firedBefore, n * 4),
      this.runtime.readback.read(this.weights, this.graph.synapses * 4),
    ]);
    const flags = new Uint32Array(fired, 0, n);
    const winners: number[] = [];
    for (let i = 0; i < n; i++) if (flags[i]) winners.push(i);
    return { winners: Uint32Array.from(winners), weights: new Float32Array(w, 0, this.graph.synapses) };
  }

  /** Its buffers belong to the runtime, which frees them. */
  destroy(): void {}
}
