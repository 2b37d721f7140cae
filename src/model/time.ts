/**
 * Step index → time. When 1/dt is a whole number (dt = 0.1, 0.05, 0.025 ms…) the time is
 * computed by one correctly rounded division, so step 479 at dt = 0.1 is exactly the double
 * nearest 47.9, not 47.900000000000006.
 */
export function stepTimeMs(step: number, dt: number): number {
  const perMs = 1 / dt;
  const whole = Math.round(perMs);
  return Math.abs(perMs - whole) < 1e-9 * whole ? step / whole : step * dt;
}

export function stepTimeS(step: number, dt: number): number {
  const perMs = 1 / dt;
  const whole = Math.round(perMs);
  return Math.abs(perMs - whole) < 1e-9 * whole ? step / (whole * 1000) : (step * dt) / 1000;
}
