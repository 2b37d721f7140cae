/** Population colours, readable on light and dark backgrounds (RGB 0–255). */
const PALETTE: [number, number, number][] = [
  [217, 72, 15], // orange
  [25, 113, 194], // blue
  [47, 158, 68], // green
  [156, 54, 181], // purple
  [230, 119, 0], // amber
  [12, 133, 153], // teal
];

export function populationColour(index: number): [number, number, number] {
  return PALETTE[index % PALETTE.length];
}

export function populationCss(index: number): string {
  const [r, g, b] = populationColour(index);
  return `rgb(${r} ${g} ${b})`;
}

/** A stable colour for a category (cell type), spread around the hue circle. */
export function categoryColour(name: string, index: number): [number, number, number] {
  if (!name) return [140, 140, 140];
  const h = (index * 137.508) % 360; // golden angle: neighbours far apart
  const s = 0.7;
  const l = 0.55;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** HSL → RGB 0–255 (h in degrees). */
export function hslColour(h: number, s: number, l: number): [number, number, number] {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** A phase (rad) as a hue around the colour circle. */
export function phaseColour(theta: number): [number, number, number] {
  const h = ((((theta * 180) / Math.PI) % 360) + 360) % 360;
  return hslColour(h, 0.75, 0.5);
}

/** A value in [0, 1] on a blue → red ramp (natural frequencies: slow blue, fast red). */
export function rampColour(x: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, x));
  return hslColour(240 * (1 - t), 0.8, 0.5);
}
