import kernel from '../../../../../shaders/kuramoto_stage.wgsl?raw';
import type { OscillatorBuffers } from '../oscillatorBuffers';
import { OscillatorPass } from './oscillatorPass';

/** One Runge–Kutta stage of the Kuramoto model (shaders/kuramoto_stage.wgsl); one instance per stage. */
export class KuramotoStagePass extends OscillatorPass {
  constructor(b: OscillatorBuffers, stage: { aNext: number; b: number; first: boolean; last: boolean; phiInB: boolean }) {
    super(
      `KuramotoStagePass[${stage.first ? 'first' : stage.last ? 'last' : 'inner'}${stage.phiInB ? ',B' : ',A'}]`,
      kernel,
      b,
      [
        { kind: 'storage', buffer: b.state }, // θ (rad)
        { kind: 'storage', buffer: b.scratch }, // stage phases φ_A, φ_B and the RK accumulator
        { kind: 'read-only-storage', buffer: b.sums }, // group sums of φ_in
      ],
      { A_NEXT: stage.aNext, B: stage.b, FIRST: Number(stage.first), LAST: Number(stage.last), PHI_IN_B: Number(stage.phiInB) },
    );
  }
}
