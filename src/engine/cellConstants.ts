/**
 * The per-population constants a generated neuron update reads: the parameters and derived
 * constants its code uses (computed on the host in f64 from the parameters and dt, then rounded
 * once to f32), in the compiled cell type's `constantNames` order, and the refractory period.
 */
import type { PopulationRange } from '../network/network';
import { constantValues, refractorySteps } from '../model/cellTypes';
import { resolvedParams, type Model } from '../model/schema';

export interface PopulationConstants {
  population: number;
  start: number; // first global neuron index
  size: number;
  refractorySteps: number; // round(period / dt); 0 without refractoriness
  /** f32 values of `cell.constantNames`, in order. */
  values: Float32Array;
}

export function populationConstants(model: Model, pop: PopulationRange): PopulationConstants {
  const params = resolvedParams(model, model.populations[pop.index]);
  return {
    population: pop.index,
    start: pop.start,
    size: pop.size,
    refractorySteps: refractorySteps(pop.cell, params, model.dt),
    values: Float32Array.from(constantValues(pop.cell, params, model.dt)),
  };
}
