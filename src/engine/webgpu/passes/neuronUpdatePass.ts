import poissonEvents from '../../../../shaders/poisson_events.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { StructPacker } from '../../../gpu/structPacking';
import type { CompiledCellType } from '../../../model/cellTypes';
import type { PopulationConstants } from '../../cellConstants';
import { kernelSource } from '../shaderSource';
import { cellConstantsStruct, neuronUpdateKernel } from '../neuronUpdateKernel';

/**
 * Per step, for the populations of one cell type: integrate, threshold, reset, refractoriness;
 * spikes are appended to the log. Its WGSL is generated from the cell type (../neuronUpdateKernel.ts).
 */
export class NeuronUpdatePass extends ComputePass {
  private readonly packer: StructPacker;

  constructor(
    device: GPUDevice,
    b: NetworkBuffers,
    numPopulations: number,
    readonly cell: CompiledCellType,
    dt: number,
    /** The populations of this cell type, in network order. */
    readonly populations: readonly { index: number; start: number; size: number; base: number }[],
    private readonly constants: GPUBuffer,
    /** Draw the Poisson input in this pass (NetworkBuffers.poissonData, one more storage buffer). */
    poisson = false,
  ) {
    const threads = populations.reduce((a, p) => a + p.size, 0);
    super(
      device,
      `NeuronUpdatePass(${cell.name})`,
      kernelSource(
        `${neuronUpdateKernel(cell, dt, threads, populations.length, poisson)}\n${poisson ? poissonEvents : ''}`,
        numPopulations,
      ),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 16 }, // StepWindow
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: constants },
        { kind: 'storage', buffer: b.state },
        { kind: 'storage', buffer: b.refractory },
        { kind: 'storage', buffer: b.ring }, // reads and clears this step's slot
        { kind: 'storage', buffer: b.spikeLog },
        { kind: 'storage', buffer: b.counters }, // first non-finite step per population
        { kind: 'read-only-storage', buffer: b.silenced },
        { kind: 'storage', buffer: b.lastSpike }, // spikes stamped for the plasticity passes
        ...(poisson ? [{ kind: 'read-only-storage' as const, buffer: b.poissonData }] : []),
      ],
      Math.ceil(threads / WORKGROUP_SIZE),
    );
    this.packer = new StructPacker(cellConstantsStruct(cell));
  }

  /** Bytes of its constants table. */
  static constantsBytes(cell: CompiledCellType, populations: number): number {
    return new StructPacker(cellConstantsStruct(cell)).size('CellConstants') * populations;
  }

  /** Writes the constants of population `index` (a population of this cell type). */
  writeConstants(queue: GPUQueue, index: number, c: PopulationConstants): void {
    const slot = this.populations.findIndex((p) => p.index === index);
    let firstThread = 0;
    for (let k = 0; k < slot; k++) firstThread += this.populations[k].size;
    const item: Record<string, number> = {
      population: c.population,
      start: c.start,
      size: c.size,
      firstThread,
      refractorySteps: c.refractorySteps,
      base: this.populations[slot].base,
    };
    this.cell.constantNames.forEach((k, j) => (item[`k_${k}`] = c.values[j]));
    queue.writeBuffer(this.constants, slot * this.packer.size('CellConstants'), this.packer.pack('CellConstants', [item]));
  }
}
