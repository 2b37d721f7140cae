/**
 * The generator's two targets agree: the same descriptor code emitted as WGSL (run here in
 * Chromium, WebGPU on SwiftShader) and as the f32-rounding TypeScript twin gives the same bits
 * for exact and correctly rounded operations, and agrees within WGSL's accuracy bounds for exp,
 * division, sqrt and pow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireDevice } from '../gpu/device';
import { CounterRng } from '../random/threefry';
import { checkStatements, type Names } from './checkCode';
import { emitTsStatements, emitWgslStatements } from './emit';
import { parseStatements } from './expressionLanguage';
import { portableExp, WGSL_PORTABLE_EXP } from './portableMath';

const STATE = ['v', 'u'];
const READ = ['v_rest', 'tau_m', 'k', 'p22', 'i_syn', 'dt'];
const NAMES: Names = Object.fromEntries([...STATE.map((n) => [n, 'state variable']), ...READ.map((n) => [n, 'parameter'])]);
const W = STATE.length + READ.length;
const N = 4096;

let device: GPUDevice;
beforeAll(async () => {
  device = (await acquireDevice(navigator.gpu, 'codegen-tests')).device;
});

/** Seeded inputs in physiological ranges: v in [−80, −40] mV, u in [−2, 2], parameters positive. */
function inputs(seed: number): Float32Array {
  const rng = new CounterRng(seed, 99);
  const data = new Float32Array(N * W);
  const range: Record<string, [number, number]> = {
    v: [-80, -40],
    u: [-2, 2],
    v_rest: [-70, -50],
    tau_m: [5, 30],
    k: [0.01, 2],
    p22: [0.9, 1],
    i_syn: [-1, 1],
    dt: [0.01, 0.2],
  };
  for (let i = 0; i < N; i++)
    [...STATE, ...READ].forEach((n, c) => (data[i * W + c] = range[n][0] + (range[n][1] - range[n][0]) * rng.nextDouble()));
  return data;
}

async function onGpu(code: string, data: Float32Array): Promise<Float32Array> {
  const body = parseStatements('test', code);
  checkStatements('test', body, NAMES);
  const load = [
    ...STATE.map((n, c) => `  var ${n} = data[i * ${W}u + ${c}u];`),
    ...READ.map((n, c) => `  let ${n} = data[i * ${W}u + ${STATE.length + c}u];`),
  ];
  const source = `${WGSL_PORTABLE_EXP}
@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= ${N}u) { return; }
${load.join('\n')}
${emitWgslStatements(body, (n) => n)}
${STATE.map((n, c) => `  data[i * ${W}u + ${c}u] = ${n};`).join('\n')}
}`;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: source });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const buffer = device.createBuffer({
    size: data.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  const staging = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, data);
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
  pass.dispatchWorkgroups(N / 64);
  pass.end();
  enc.copyBufferToBuffer(buffer, 0, staging, 0, data.byteLength);
  device.queue.submit([enc.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`${error.message}\n${source}`);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  buffer.destroy();
  return out;
}

function onCpu(code: string, data: Float32Array): Float32Array {
  const body = parseStatements('test', code);
  const names = [...STATE, ...READ];
  const fn = new Function(
    'fr',
    'lu_exp',
    'd',
    'i',
    `${names.map((n, c) => `let ${n} = d[i * ${W} + ${c}];`).join('\n')}\n${emitTsStatements(body, (n) => n)}\n${STATE.map((n, c) => `d[i * ${W} + ${c}] = ${n};`).join('\n')}`,
  );
  const out = data.slice();
  for (let i = 0; i < N; i++) fn(Math.fround, portableExp, out, i);
  return out;
}

describe('generated code on both backends', () => {
  it('+ − ×, comparisons, if / else, min, max, abs, clamp: the same bits on WebGPU and on the CPU twin', async () => {
    const code = `
      let d = (v_rest - v) * p22
      if (v > v_rest && u < 1) { v += d * dt - i_syn * k } else if (!(u > 0)) { u = clamp(abs(v - u), 0, 5) } else { u *= 0.5 }
      u -= max(min(v * 0.01, 1), -1) * dt`;
    for (const seed of [1, 2, 3]) {
      const data = inputs(seed);
      const gpu = await onGpu(code, data);
      const cpu = onCpu(code, data);
      expect(gpu).toEqual(cpu);
      expect(cpu).not.toEqual(data); // the code did something
    }
  });

  it('exp (portable) and division: the same bits on WebGPU (SwiftShader) and the CPU twin', async () => {
    const code = 'v += dt * (k * exp((v - v_rest) / tau_m) - u) / tau_m\nu = exp(u * 40) + exp(-v) / (1 + exp(v * 0.1))';
    for (const seed of [5, 6]) {
      const data = inputs(seed);
      expect(await onGpu(code, data)).toEqual(onCpu(code, data));
    }
  });

  it('sqrt and pow agree within a few f32 ulps (WGSL does not require them correctly rounded)', async () => {
    const code = 'v += dt * (k * exp((v - v_rest) / tau_m) - u) / tau_m\nu = sqrt(abs(u)) + pow(abs(v) * 0.01, 0.5)';
    const data = inputs(4);
    const gpu = await onGpu(code, data);
    const cpu = onCpu(code, data);
    let worst = 0;
    for (let k = 0; k < gpu.length; k++) worst = Math.max(worst, Math.abs(gpu[k] - cpu[k]) / Math.max(1e-30, Math.abs(cpu[k])));
    expect(worst).toBeLessThan(2e-6);
  });
});
