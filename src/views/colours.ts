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
