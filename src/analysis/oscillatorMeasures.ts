/**
 * Measures of an oscillator run that the CLI summary and the lesson checks share: the stationary
 * order parameter (the mean of r(t) over the run's second half) and AKOrN's alignment with the
 * stimulus (Miyato et al. 2025: each unit's vector x_i against its stimulus c_i).
 */
import type { OrderSeries } from '../engine/recording/orderRecording';

/** Mean cosine between each AKOrN vector and its stimulus (1: all aligned); units without a stimulus are skipped. */
export function stimulusAlignment(x: Float64Array, c: Float64Array, width: number): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < x.length / width; i++) {
    let dot = 0;
    let norm = 0;
    for (let k = 0; k < width; k++) {
      dot += x[i * width + k] * c[i * width + k];
      norm += c[i * width + k] ** 2;
    }
    if (norm > 0) {
      sum += dot / Math.sqrt(norm);
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** The mean of r(t) over the second half of the recorded series (the first half is the transient). */
export function stationaryR(s: OrderSeries): number {
  const end = s.timesMs[s.timesMs.length - 1] ?? 0;
  let sum = 0;
  let count = 0;
  for (let k = 0; k < s.r.length; k++)
    if (s.timesMs[k] >= end / 2) {
      sum += s.r[k];
      count++;
    }
  return count ? sum / count : NaN;
}
