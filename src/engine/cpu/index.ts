import type { BackendFactory } from '../backend';
import { CpuBackend } from './cpuBackend';

export const cpuBackend: BackendFactory = async (network) => new CpuBackend(network);

/** The CPU backend rounding `a*b + c` once, like a GPU that contracts to FMA (for measuring the bound). */
export const cpuBackendFused: BackendFactory = async (network) => new CpuBackend(network, true);
export { CpuBackend };
