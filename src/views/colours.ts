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
