import kernel from '../../../../../shaders/akorn_update.wgsl?raw';
import type { OscillatorBuffers } from '../oscillatorBuffers';
import { OscillatorPass } from './oscillatorPass';

/** One AKOrN step of every unit vector (shaders/akorn_update.wgsl). */
export class AkornUpdatePass extends OscillatorPass {
  constructor(b: OscillatorBuffers) {
    super(
      'AkornUpdatePass',
      kernel,
      b,
      [
        { kind: 'storage', buffer: b.state },
        { kind: 'read-only-storage', buffer: b.scratch },
      ],
      {},
    );
  }
}
