export { CpuBackend } from './cpuBackend';
