/**
 * What the 3D view's colours mean: one entry per population, or per cell type for a connectome
 * that has cell types, with common abbreviations spelt out; in 'activity' mode, grey is quiet.
 * The cell-type colours are computed here and drawn by the view, so the two cannot disagree. Pure.
 */
import { categoryColour, populationColour } from './colours';

type Rgb = [number, number, number];

/**
 * Cell types of the bundled connectomes (and a few common ones) in plain words. C. elegans
 * classes: White et al. (1986), Phil. Trans. R. Soc. B 314:1, via WormAtlas. Drosophila larva
 * types: Winding et al. (2023), Science 379:eadd9330.
 */
export const CELL_TYPE_WORDS: Readonly<Record<string, string>> = {
  sensory: 'sensory neuron',
  motor: 'motor neuron (drives muscles)',
  interneuron: 'interneuron (between other neurons)',
  unknown: 'type not recorded',
  PN: 'projection neuron (sensory signals to higher centres)',
  'PN-somato': 'somatosensory projection neuron',
  LN: 'local neuron (within one brain region)',
  LHN: 'lateral-horn neuron (innate odour responses)',
  KC: 'Kenyon cell (mushroom body, learning)',
  MBON: 'mushroom-body output neuron',
  MBIN: 'mushroom-body input neuron (teaching signal)',
  'MB-FBN': 'mushroom-body feedback neuron',
  'MB-FFN': 'mushroom-body feed-forward neuron',
  CN: 'convergence neuron (mushroom body + lateral horn)',
  DN: 'descending neuron (brain to motor circuits)',
  'DN-SEZ': 'descending neuron to the subesophageal zone',
  'DN-VNC': 'descending neuron to the ventral nerve cord',
  'pre-DN-SEZ': 'feeds descending neurons to the subesophageal zone',
  'pre-DN-VNC': 'feeds descending neurons to the nerve cord',
  RGN: 'ring-gland neuron (hormone release)',
  ascending: 'ascending neuron (nerve cord to brain)',
  AN: 'ascending neuron (nerve cord to brain)',
  ORN: 'olfactory receptor neuron',
  MN: 'motor neuron',
};

/** Shorter words for a type inside a combination ("interneuron;motor"). */
const SHORT: Readonly<Record<string, string>> = { motor: 'motor neuron', interneuron: 'interneuron', sensory: 'sensory neuron' };

/** A cell type in plain words, or undefined where it is not known; "a;b" reads "a and b". */
export function explainCellType(type: string): string | undefined {
  const words = (t: string) =>
    CELL_TYPE_WORDS[t] ?? CELL_TYPE_WORDS[Object.keys(CELL_TYPE_WORDS).find((k) => k.toLowerCase() === t.toLowerCase()) ?? ''];
  if (!type) return 'no cell type in the data';
  const whole = words(type);
  if (whole || !type.includes(';')) return whole;
  const parts = type.split(';').map((t) => t.trim());
  const named = parts.map((t) => SHORT[t.toLowerCase()] ?? words(t));
  if (named.some((w) => !w)) return undefined;
  return named.length === 2 ? named.join(' and ') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/** Each cell type's colour: types sorted, each coloured by its place in that order (the view's colours). */
export function cellTypeColours(cellTypes: readonly string[]): Map<string, Rgb> {
  const kinds = [...new Set(cellTypes)].sort();
  return new Map(kinds.map((t, k) => [t, categoryColour(t, k)]));
}

export interface LegendEntry {
  label: string;
  colour: Rgb;
  /** The label in plain words, where known. */
  words?: string;
  /** Neurons of this colour. */
  count?: number;
}

export interface Legend {
  title: string;
  /** How spiking shows. */
  note: string;
  entries: LegendEntry[];
  /** Types left out for room. */
  more: number;
}

/** A quiet neuron in 'activity' mode: 0.25 of full scale (networkView). */
export const QUIET_GREY: Rgb = [64, 64, 64];

/**
 * The legend of the 3D view: per cell type when `cellTypes` is given (most neurons first, at most
 * `maxEntries`), else per population; in 'activity' mode led by grey = quiet.
 */
export function networkLegend(
  populations: readonly { name: string; index: number; size: number }[],
  cellTypes: readonly string[] | undefined,
  colourBy: 'type' | 'activity',
  fadeMs: number,
  maxEntries = 24,
): Legend {
  let entries: LegendEntry[];
  let more = 0;
  if (cellTypes) {
    const colours = cellTypeColours(cellTypes);
    const counts = new Map<string, number>();
    for (const t of cellTypes) counts.set(t, (counts.get(t) ?? 0) + 1);
    const all = [...colours].map(([t, colour]) => {
      const words = explainCellType(t);
      if (words === t || words === `${t} neuron`) return { label: t, colour, count: counts.get(t)! }; // nothing to add
      return { label: t || '(no type)', colour, count: counts.get(t)!, ...(words ? { words } : {}) };
    });
    all.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    entries = all.slice(0, maxEntries);
    more = all.length - entries.length;
  } else entries = populations.map((p) => ({ label: p.name, colour: populationColour(p.index), count: p.size }));
  const what = cellTypes ? 'cell type' : 'population';
  if (colourBy === 'activity')
    return {
      title: `Colours: activity, tinted by ${what}`,
      note: `grey = quiet; bright = spiking (fading over ${fadeMs} ms)`,
      entries: [{ label: 'quiet', colour: QUIET_GREY, words: 'no recent spike' }, ...entries],
      more,
    };
  return { title: `Colours: ${what}`, note: `dim = quiet; brighter = spiking (fading over ${fadeMs} ms)`, entries, more };
}
