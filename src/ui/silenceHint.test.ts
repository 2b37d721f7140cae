import { describe, expect, it } from 'vitest';
import { example } from '../examples';
import { parseModel } from '../model/schema';
import { silenceHint } from './silenceHint';

describe('silent-model hint', () => {
  const single = () => parseModel(example('single-neuron'));

  it('says nothing while the model fires, or before 200 ms', () => {
    expect(silenceHint(single(), 3, 500)).toBeNull();
    expect(silenceHint(single(), 0, 150)).toBeNull();
  });

  it('names the missing drive, a drive below threshold, and an undriven connectome', () => {
    const m = single();
    m.stimuli = [];
    expect(silenceHint(m, 0, 250)).toBe(
      'No neuron has fired in 250 ms: nothing drives this model (no stimulus, no i_offset, no spike source). Raise i_offset in the parameter panel, or add a stimulus to the model file.',
    );
    const weak = single();
    (weak.stimuli[0] as { amplitude: number }).amplitude = 0.2; // V∞ = -56 mV < -50 mV
    expect(silenceHint(weak, 0, 250)).toContain('its drive stays below threshold');
    const connectome = single();
    connectome.populations[0].neuronInfo = { names: ['ALML'] };
    expect(silenceHint(connectome, 0, 300)).toContain('this connectome has no drive');
  });
});
