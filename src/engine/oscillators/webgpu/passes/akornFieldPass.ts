import kernel from '../../../../../shaders/akorn_field.wgsl?raw';
import type { OscillatorBuffers } from '../oscillatorBuffers';
import { OscillatorPass } from './oscillatorPass';

/** The AKOrN coupling field y_i and energy terms e_i of the current state (shaders/akorn_field.wgsl). */
export class AkornFieldPass extends OscillatorPass {
  constructor(b: OscillatorBuffers) {
    super(
      'AkornFieldPass',
      kernel,
      b,
      [
        { kind: 'read-only-storage', buffer: b.state },
        { kind: 'storage', buffer: b.scratch },
        { kind: 'read-only-storage', buffer: b.sums },
      ],
      {},
    );
  }
}
