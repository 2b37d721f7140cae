import { describe, expect, it } from 'vitest';
import { spikeStatistics } from './spikeStatistics';
import type { NetworkData } from '../engine/recording/recordedData';
import type { BuiltNetwork } from '../network/network';

/** Spikes (neuron, step), sorted by step, on two populations of 2 and 3 neurons, dt 0.1 ms. */
function data(spikes: [number, number][], steps: number): NetworkData {
  const sorted = [...spikes].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const neurons = Uint32Array.from(sorted, (s) => s[0]);
  const at = Uint32Array.from(sorted, (s) => s[1]);
  return {
    dt: 0.1,
    step: steps,
    spikeView: () => ({ neurons, steps: at }),
    firstSpikeAtOrAfter: (step) => (at.findIndex((s) => s >= step) === -1 ? at.length : at.findIndex((s) => s >= step)),
    network: {
      numNeurons: 5,
      populations: [
        { name: 'A', start: 0, size: 2 },
        { name: 'B', start: 2, size: 3 },
      ],
    } as unknown as BuiltNetwork,
    model: {} as NetworkData['model'],
  };
}

describe('spike statistics', () => {
  it('counts rates over the window, silent neurons included, and CVs only over neurons with more than 2 spikes', () => {
    // Neuron 0: regular, every 10 ms (CV 0). Neuron 2: ISIs 10 and 30 ms (CV = 10/20 = 0.5).
    // Neuron 3: two spikes (no CV). Neurons 1 and 4: silent. One spike of neuron 0 before the window.
    const spikes: [number, number][] = [[0, 50]];
    for (let t = 1000; t < 2000; t += 100) spikes.push([0, t]);
    spikes.push([2, 1000], [2, 1100], [2, 1400], [3, 1200], [3, 1300]);
    const [a, b] = spikeStatistics(data(spikes, 2000), 100, 200);
    expect(a.meanRateHz).toBeCloseTo(50, 12); // 10 spikes in 0.1 s over 2 neurons
    expect(a.sdRateHz).toBeCloseTo(50, 12);
    expect(a.meanCv).toBeCloseTo(0, 12);
    expect(a.cvNeurons).toBe(1);
    expect(Array.from(b.ratesHz)).toEqual([30, 20, 0].map((x) => expect.closeTo(x, 9)));
    expect(b.meanCv).toBeCloseTo(0.5, 12);
    expect(b.cvNeurons).toBe(1);
  });

  it('leaves the CV undefined for a population where no neuron spikes more than twice', () => {
    const [, b] = spikeStatistics(
      data(
        [
          [2, 10],
          [2, 20],
        ],
        100,
      ),
    );
    expect(b.meanCv).toBeNaN();
    expect(() => spikeStatistics(data([], 100), 5, 5)).toThrow('expected toMs > fromMs');
  });
});
