import type { BackendFactory } from '../backend';
import { CpuBackend } from './cpuBackend';

export const cpuBackend: BackendFactory = async (network) => new CpuBackend(network);
export { CpuBackend };
