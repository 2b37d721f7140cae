import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'luciole-cli-osc-'));

function luciole(args: string[]) {
  const r = spawnSync(process.execPath, ['bin/luciole.mjs', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npx luciole with oscillator models', () => {
  it('lists the oscillator examples', () => {
    const r = luciole(['examples']);
    for (const name of ['kuramoto-lorentzian', 'kuramoto-two', 'akorn-stimulus', 'kuramoto-spiking', 'kuramoto-celegans'])
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
  });

  it('kuramoto-lorentzian settles near r = √(1 − 2Δ/K) = 0.707', () => {
    const r = luciole(['run', 'kuramoto-lorentzian']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ model: 'kuramoto', oscillators: 10_000, simulatedMs: 100, steps: 2000 });
    expect(Math.abs(s.rMeanSecondHalf - Math.SQRT1_2)).toBeLessThan(0.03);
    expect(Math.abs(s.r - Math.SQRT1_2)).toBeLessThan(0.04);
  });

  it('kuramoto-two locks at Δθ = asin(Δω/K) = π/6: r = cos(π/12); --out writes r(t) and --phases the phases', () => {
    const out = join(dir, 'order.csv');
    const phases = join(dir, 'phases.csv');
    const r = luciole(['run', 'kuramoto-two', '--out', out, '--phases', phases, '--phase-every-ms', '50']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.r).toBeCloseTo(Math.cos(Math.PI / 12), 4);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time_ms,r,psi');
    expect(lines).toHaveLength(1 + 2001);
    const [t0, r0, psi0] = lines[1].split(',').map(Number);
    expect([t0, r0, psi0]).toEqual([0, Math.fround(Math.abs(Math.cos(1.5))), 1.5]);
    const rows = readFileSync(phases, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time_ms,oscillator,theta');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0,0', '0,1', '50,0', '50,1', '100,0', '100,1']);
    const [a, b] = rows.slice(-2).map((l) => Number(l.split(',')[2]));
    expect(Math.abs(Math.atan2(Math.sin(b - a), Math.cos(b - a)) - Math.PI / 6)).toBeLessThan(1e-3);
  });

  it('akorn-stimulus: the vectors align with their stimuli and the energy is reported', () => {
    const out = join(dir, 'akorn.csv');
    const s = JSON.parse(luciole(['run', 'akorn-stimulus', '--order-out', out]).stdout);
    expect(s.stimulusAlignment).toBeGreaterThan(0.99);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('time_ms,r,psi,energy');
    const e = rows.slice(1).map((l) => Number(l.split(',')[3]));
    expect(e.at(-1)).toBeCloseTo(s.energy, 3);
    expect(e.at(-1)!).toBeLessThan(e[0] - 100); // it descended
  });

  it('an invalid oscillator model is refused with its path', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'luciole-model',
        version: 1,
        name: 'bad',
        oscillators: {
          model: 'kuramoto',
          groups: [{ name: 'a', size: 3 }],
          couplings: [{ from: 'a', to: 'b', K: 1, connector: { type: 'allToAll' } }],
        },
      }),
    );
    const r = luciole(['run', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('oscillators.couplings[0].to: expected the name of an oscillator group (a), got "b"');
  });
});

describe('npx luciole hlop', () => {
  it('prints the accuracy matrix, ACC and BWT as JSON (baseline, 2 permuted tasks, 2 epochs)', () => {
    const r = luciole(['hlop', '--method', 'baseline', '--tasks', '2', '--epochs', '2', '--seed', '4']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ protocol: 'permuted', tasks: 2, backend: 'cpu', adapter: 'CPU (reference)' });
    const run = s.runs[0];
    expect(run.R).toHaveLength(2);
    expect(run.R[1]).toHaveLength(2);
    expect(run.ACC).toBeCloseTo((run.R[1][0] + run.R[1][1]) / 2, 3);
    expect(run.BWT).toBeCloseTo(run.R[1][0] - run.R[0][0], 3);
    expect(run.R[0][0]).toBeGreaterThan(0.8);
  });

  it('trains on Fashion-MNIST (784 inputs): split tasks learn, and an unknown dataset is refused', () => {
    const r = luciole([
      'hlop',
      '--dataset',
      'fashion-mnist',
      '--protocol',
      'split',
      '--tasks',
      '2',
      '--epochs',
      '1',
      '--method',
      'baseline',
      '--network',
      'small',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({
      dataset: 'fashion-mnist',
      inputs: 784,
      protocol: 'split',
      tasks: 2,
      network: { name: 'small', layers: [784, 200, 10] },
    });
    // T-shirt/top vs trouser, then pullover vs dress: both pairs are easy (measured 0.97 and 0.97 after one epoch, seed 1)
    expect(s.runs[0].R[0][0]).toBeGreaterThan(0.9);
    expect(s.runs[0].R[1][1]).toBeGreaterThan(0.85);
    const bad = luciole(['hlop', '--dataset', 'cifar']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--dataset: expected digits or fashion-mnist, got "cifar"');
  });

  it("refuses the paper's 784-input network on the digits, and an unknown network", () => {
    const r = luciole(['hlop', '--network', 'paper']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--network paper: the HLOP paper's network takes 784 inputs; use it with --dataset fashion-mnist");
    expect(luciole(['hlop', '--network', 'huge']).stderr).toContain('--network: expected small or paper, got "huge"');
  });

  it('refuses a bad protocol or backend', () => {
    expect(luciole(['hlop', '--protocol', 'rotated']).stderr).toContain('--protocol: expected permuted or split, got "rotated"');
    const r = luciole(['hlop', '--backend', 'tpu']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--backend: expected cpu or webgpu, got "tpu"');
  });

  it('trains on --backend webgpu (Dawn) with the same accuracy matrix as the CPU within 3 points', () => {
    const args = ['hlop', '--method', 'baseline', '--tasks', '2', '--epochs', '1', '--seed', '2'];
    const cpu = JSON.parse(luciole([...args, '--backend', 'cpu']).stdout).runs[0];
    const r = luciole([...args, '--backend', 'webgpu']);
    expect(r.status).toBe(0);
    const gpu = JSON.parse(r.stdout);
    expect(gpu.adapter).toMatch(/software GPU|GPU/);
    gpu.runs[0].R.forEach((row: number[], t: number) => row.forEach((x, j) => expect(Math.abs(x - cpu.R[t][j])).toBeLessThan(0.03)));
  });
});
