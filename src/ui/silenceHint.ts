/**
 * What a silent model says: after SILENT_AFTER_MS of simulated time without one spike, the page
 * names the likely reason and what to press, instead of a black raster.
 */
import { resolvedParams, type Model } from '../model/schema';

/** Simulated time (ms) without a spike after which a model counts as silent. */
export const SILENT_AFTER_MS = 200;

/** The hint for a run at `timeMs` that has fired `spikes` spikes, or null when it is not silent. */
export function silenceHint(model: Model, spikes: number, timeMs: number): string | null {
  if (spikes > 0 || timeMs < SILENT_AFTER_MS || !model.populations.length) return null;
  const t = `No neuron has fired in ${timeMs.toFixed(0)} ms`;
  if (model.populations.some((p) => p.neuronInfo))
    return `${t}: this connectome has no drive. In "Stimulate or silence", select sensory neurons (by cell type or by name) and press Drive.`;
  const stimulated = model.stimuli.some(
    (s) => (s.type === 'dc' && s.amplitude !== 0) || (s.type === 'poisson' && s.rateHz > 0 && s.weight !== 0) || s.type === 'stepCurrent',
  );
  const offset = model.populations.some((p) => {
    const x = resolvedParams(model, p).i_offset;
    return x !== undefined && x !== 0;
  });
  const sources = model.populations.some((p) => p.cellType === 'SpikeSourcePoisson' || p.cellType === 'SpikeSourceArray');
  if (!stimulated && !offset && !sources)
    return `${t}: nothing drives this model (no stimulus, no i_offset, no spike source). Raise i_offset in the parameter panel, or add a stimulus to the model file.`;
  return `${t}: its drive stays below threshold. Raise a stimulus or i_offset in the parameter panel, or lower v_thresh.`;
}
