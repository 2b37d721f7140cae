import { describe, expect, it } from 'vitest';
import { decimalsOf, parseSpikesCsv, spikesToCsv } from './spikesCsv';

describe('spike CSV', () => {
  it('prints times with the decimals of dt and reads them back', () => {
    expect(decimalsOf(0.1)).toBe(1);
    expect(decimalsOf(0.025)).toBe(3);
    expect(decimalsOf(1)).toBe(0);
    expect(decimalsOf(1e-7)).toBe(7);
    const csv = spikesToCsv(Uint32Array.from([3, 1]), Uint32Array.from([479, 1008]), 0.1);
    expect(csv).toBe('neuron_id,time_ms\n3,47.9\n1,100.8\n');
    expect(parseSpikesCsv(csv)).toEqual({ neurons: [3, 1], timesMs: [47.9, 100.8] });
  });

  it('names the line of a malformed row', () => {
    expect(() => parseSpikesCsv('neuron_id,time_ms\n1,2\nx,3\n')).toThrow('line 3: expected "neuron_id,time_ms", got "x,3"');
    expect(() => parseSpikesCsv('id,t\n')).toThrow('line 1: expected header');
  });
});
