import poissonEvents from '../../../../shaders/poisson_events.wgsl?raw';
import generatedRows from '../../../../shaders/generated_rows.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import type { GeneratedBuffers } from '../generatedBuffers';

import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass, type Binding } from '../../../gpu/computePass';
import { StructPacker } from '../../../gpu/structPacking';
import type { CompiledCellType } from '../../../model/cellTypes';
import type { PopulationConstants } from '../../cellConstants';
import { kernelSource } from '../shaderSource';
import { cellConstantsStruct, neuronUpdateBindings, neuronUpdateKernel, type OwnDelivery } from '../neuronUpdateKernel';

/**
 * Per step, for the populations of one cell type: integrate, threshold, reset, refractoriness;
 * spikes are appended to the log, and with `delivery` each workgroup also delivers its own spikes'
 * rows. Its WGSL is generated from the cell type (../neuronUpdateKernel.ts).
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
    /** Deliver the rows of this pass's own spikes (with `generated` for generated rows). */
    delivery: OwnDelivery | null = null,
    generated: GeneratedBuffers | null = null,
  ) {
    const threads = populations.reduce((a, p) => a + p.size, 0);
    const buffers: Record<string, Binding> = {
      clock: { kind: 'uniform-dynamic', buffer: b.clock, size: 16 }, // StepWindow
      sizes: { kind: 'uniform', buffer: b.sizes },
      cells: { kind: 'read-only-storage', buffer: constants },
      state: { kind: 'storage', buffer: b.state },
      refractory: { kind: 'storage', buffer: b.refractory },
      ring: { kind: 'storage', buffer: b.ring }, // reads and clears this step's slot
      spikeLog: { kind: 'storage', buffer: b.spikeLog },
      counters: { kind: 'storage', buffer: b.counters }, // first non-finite step per population
      silenced: { kind: 'read-only-storage', buffer: b.silenced },
      lastSpike: { kind: 'storage', buffer: b.lastSpike }, // spikes stamped for the plasticity passes
      poissonData: { kind: 'read-only-storage', buffer: b.poissonData },
      rowPtr: { kind: 'read-only-storage', buffer: b.rowPtr },
      targets: { kind: 'read-only-storage', buffer: b.targets },
      weights: { kind: 'read-only-storage', buffer: b.weights },
      ...(generated
        ? {
            gen: { kind: 'uniform', buffer: generated.sizes },
            index: { kind: 'read-only-storage', buffer: generated.index },
            ...Object.fromEntries(generated.words.map((buffer, k) => [`words${k}`, { kind: 'read-only-storage', buffer }])),
          }
        : {}),
    };
    const source = [
      neuronUpdateKernel(cell, dt, threads, populations.length, poisson, delivery),
      poisson ? poissonEvents : '',
      delivery?.generatedWordBindings ? generatedRows : '',
    ].join('\n');
    super(
      device,
      `NeuronUpdatePass(${cell.name})`,
      kernelSource(source, numPopulations),
      neuronUpdateBindings(poisson, delivery).map((name) => buffers[name]),
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
