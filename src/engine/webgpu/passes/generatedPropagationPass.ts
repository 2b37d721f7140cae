import kernel from '../../../../shaders/generated_propagation.wgsl?raw';
import generatedRows from '../../../../shaders/generated_rows.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import type { GeneratedBuffers } from '../generatedBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/**
 * Per step, after the stored rows: deliver each spike's generated row, one synapse per
 * invocation over `workgroups` workgroups (shaders/generated_propagation.wgsl).
 */
export class GeneratedPropagationPass extends ComputePass {
  constructor(device: GPUDevice, b: NetworkBuffers, g: GeneratedBuffers, numPopulations: number, workgroups: number) {
    super(
      device,
      'GeneratedPropagationPass',
      kernelSource(`${kernel}\n${generatedRows}`, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 16 }, // StepWindow
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'uniform', buffer: g.sizes },
        { kind: 'read-only-storage', buffer: b.spikeLog },
        { kind: 'storage', buffer: b.stepEnds }, // where this step's spikes start; writes the next
        { kind: 'read-only-storage', buffer: g.index },
        { kind: 'storage', buffer: b.ring },
        ...g.words.map((buffer) => ({ kind: 'read-only-storage' as const, buffer })),
      ],
      workgroups,
    );
  }
}
