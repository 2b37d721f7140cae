/** A step's settings, applied to a run as live edits (so they are logged, exported and replayed like the learner's own). */
import type { Run } from '../engine/run';
import { inhibitoryWeightsFor, relativeInhibition } from '../model/relativeInhibition';
import type { LessonSetting } from './lessonFormat';
import { brunelNetworkOf, thresholdRateHz } from '../analysis/brunelTheory';

export function applySettings(run: Run, settings: readonly LessonSetting[]): void {
  for (const s of settings) {
    if ('relativeInhibition' in s) {
      const r = relativeInhibition(run.model);
      if (!r) throw new Error(`relativeInhibition: ${run.model.name} has no single relative inhibition g`);
      for (const w of inhibitoryWeightsFor(r, s.relativeInhibition)) run.setProjectionWeight(w.projection, w.weight);
    } else if ('externalDrive' in s) {
      const b = brunelNetworkOf(run.model);
      if (!b) throw new Error(`externalDrive: ${run.model.name} is not Brunel's model A`);
      for (const k of b.driveStimuli) run.setStimulus(k, { rateHz: s.externalDrive * b.constants.C_E * thresholdRateHz(b.constants) });
    } else if ('coupling' in s) run.setCouplingStrength(s.coupling, s.K);
    else if ('stimulus' in s) run.setStimulus(s.stimulus, 'amplitude' in s ? { amplitude: s.amplitude } : { rateHz: s.rateHz });
    else run.setParameter(s.population, s.parameter, s.value);
  }
}
