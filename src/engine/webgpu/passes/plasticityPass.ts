import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import type { GpuRuntime } from '../../../gpu/gpuRuntime';
import { StructPacker } from '../../../gpu/structPacking';
import type { PlasticProjection } from '../../../network/plasticProjection';
import { plasticLayout, plasticTopology, plasticValueNames } from '../../plasticConstants';
import { kernelSource } from '../shaderSource';
import { plasticityKernel, ruleConstantsStruct, type PlasticKernel } from '../plasticityKernels';

/** The GPU buffers of one plastic projection (layouts: src/engine/plasticConstants.ts). */
export class PlasticBuffers {
  readonly constants: GPUBuffer;
  readonly history: GPUBuffer;
  readonly traces: GPUBuffer;
  readonly topology: GPUBuffer;
  readonly synapses: GPUBuffer;
  private readonly packer: StructPacker;

  constructor(
    runtime: GpuRuntime,
    readonly projection: PlasticProjection,
  ) {
    const L = plasticLayout(projection);
    const S = GPUBufferUsage.STORAGE;
    const D = GPUBufferUsage.COPY_DST;
    const name = (x: string) => `PlasticBuffers(${projection.name}).${x}`;
    this.packer = new StructPacker(ruleConstantsStruct(projection));
    this.constants = runtime.createBuffer(name('constants'), this.packer.size('RuleConstants'), GPUBufferUsage.UNIFORM | D);
    this.history = runtime.createBuffer(name('history'), L.historyWords * 4, S | D);
    this.traces = runtime.createBuffer(name('traces'), L.traceWords * 4, S | D);
    this.topology = runtime.createBuffer(name('topology'), L.topologyWords * 4, S | D);
    this.synapses = runtime.createBuffer(name('synapses'), L.synapseWords * 4, S | D | GPUBufferUsage.COPY_SRC);
    runtime.write(this.topology, plasticTopology(projection));
  }

  writeValues(queue: GPUQueue, values: Float32Array): void {
    const item: Record<string, number> = {};
    plasticValueNames(this.projection).forEach((n, j) => (item[n] = values[j]));
    queue.writeBuffer(this.constants, 0, this.packer.pack('RuleConstants', [item]));
  }

  /** The learning starts again: initial synapse variables, traces and delay history cleared. */
  reset(queue: GPUQueue, enc: GPUCommandEncoder): void {
    const init = this.projection.initialSynapse;
    queue.writeBuffer(this.synapses, 0, init.buffer, init.byteOffset, init.byteLength);
    enc.clearBuffer(this.traces);
    enc.clearBuffer(this.history);
  }
}

/**
 * Per step, after spike propagation: one of a plastic projection's three generated passes
 * (../plasticityKernels.ts): `pre` (one invocation per presynaptic neuron: traces, arrivals,
 * transmission, onPre), `post` (one per postsynaptic neuron: traces, onPost), `step` (one per
 * synapse: perStep).
 */
export class PlasticityPass extends ComputePass {
  constructor(
    device: GPUDevice,
    b: NetworkBuffers,
    numPopulations: number,
    pb: PlasticBuffers,
    kernel: { dt: number; fixedPointScale: number; which: PlasticKernel; index: number },
  ) {
    const { which } = kernel;
    const p = pb.projection;
    const threads = which === 'pre' ? p.pre.size : which === 'post' ? p.post.size : p.postOf.length;
    super(
      device,
      `PlasticityPass(${p.name}, ${which})`,
      kernelSource(plasticityKernel(p, kernel.dt, kernel.fixedPointScale, which, kernel.index), numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 },
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'uniform', buffer: pb.constants },
        { kind: 'read-only-storage', buffer: b.lastSpike },
        { kind: 'storage', buffer: pb.history },
        { kind: 'storage', buffer: pb.traces },
        { kind: 'read-only-storage', buffer: pb.topology },
        { kind: 'storage', buffer: pb.synapses },
        { kind: 'storage', buffer: b.ring },
        { kind: 'storage', buffer: b.counters },
      ],
      Math.max(1, Math.ceil(threads / WORKGROUP_SIZE)),
    );
  }
}
