import kernel from '../../../../shaders/state_probe.wgsl?raw';
import type { NetworkBuffers } from '../networkBuffers';
import { WORKGROUP_SIZE } from '../networkBuffers';
import { ComputePass } from '../../../gpu/computePass';
import { kernelSource } from '../shaderSource';

/** Per step, last (only while there are probes): probed variables (shaders/state_probe.wgsl). */
export class StateProbePass extends ComputePass {
  /** `maxProbes`: the model's probes plus the live probe slots. */
  constructor(device: GPUDevice, b: NetworkBuffers, numPopulations: number, maxProbes: number) {
    super(
      device,
      'StateProbePass',
      kernelSource(kernel, numPopulations),
      [
        { kind: 'uniform-dynamic', buffer: b.clock, size: 8 },
        { kind: 'uniform', buffer: b.sizes },
        { kind: 'read-only-storage', buffer: b.probeSpec },
        { kind: 'read-only-storage', buffer: b.state },
        { kind: 'storage', buffer: b.probeOut },
      ],
      Math.ceil(maxProbes / WORKGROUP_SIZE),
    );
  }
}
