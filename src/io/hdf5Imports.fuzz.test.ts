// Fuzzing the HDF5 imports (issue 16): NIR graphs, SONATA networks and SONATA / NWB spike reports,
// truncated, with bytes overwritten, or opened as the wrong kind of file, go through the page's
// own entry points (modelFromFiles, readSpikeFile). Each either reads or fails with one of
// Luciole's named errors, naming the file — never a crash of h5wasm or another exception — and
// a later good file still reads (h5wasm's file system is left clean). A file that crashes HDF5
// inside WebAssembly says so, and HDF5 is then refused, by name, until a reload.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLES } from '../examples';
import { parseModel } from '../model/schema';
import type { OpenedFile } from './modelFiles';
import { modelToSonata } from './sonataNetwork';
import { spikesToSonata } from './sonataSpikes';
import { spikesToNwb } from './nwbUnits';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/**
 * The readers and their error types, imported afresh: after a file crashes HDF5 (a WebAssembly
 * trap), Luciole refuses HDF5 until the page is reloaded, and this is the test's reload (h5wasm is
 * inlined in the unit project, so a fresh import is a fresh WebAssembly instance).
 */
async function readers() {
  const [files, nir, sonata, spikeFiles, schema, table] = await Promise.all([
    import('./modelFiles'),
    import('./nir/nirGraph'),
    import('./sonataNetworkImport'),
    import('./spikeFiles'),
    import('../model/schema'),
    import('./connectome/delimitedTable'),
  ]);
  return {
    modelFromFiles: files.modelFromFiles,
    readSpikeFile: spikeFiles.readSpikeFile,
    named: [
      files.ModelFilesError,
      nir.NirError,
      sonata.SonataNetworkError,
      spikeFiles.SpikeFileError,
      schema.ModelValidationError,
      table.TableFormatError,
    ],
    unnamedErrors: [schema.ModelValidationError, table.TableFormatError],
  };
}
type Readers = Awaited<ReturnType<typeof readers>>;

async function corpus(): Promise<{ kind: 'model' | 'spikes'; files: OpenedFile[] }[]> {
  const nir = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(`${__dirname}/../../../shared/data/nir/${name}`)) });
  const sonata = await modelToSonata(
    parseModel({ ...EXAMPLES['cuba'], populations: EXAMPLES['cuba'].populations!.map((p) => ({ ...p, size: 20 })) }),
  );
  const report = {
    neurons: Uint32Array.from([0, 1, 2, 0, 3]),
    steps: Uint32Array.from([1, 2, 2, 5, 9]),
    dt: 0.1,
    populations: [
      { name: 'E', start: 0, size: 3 },
      { name: 'I', start: 3, size: 2 },
    ],
  };
  return [
    { kind: 'model', files: [nir('lif_norse.nir')] },
    { kind: 'model', files: [nir('two_lif_neurons.nir')] },
    { kind: 'model', files: Object.entries(sonata.files).map(([name, bytes]) => ({ name, bytes })) },
    { kind: 'spikes', files: [{ name: 'spikes.h5', bytes: await spikesToSonata(report) }] },
    {
      kind: 'spikes',
      files: [
        { name: 'spikes.nwb', bytes: await spikesToNwb({ ...report, recordedUntilMs: 1, description: 'fuzz', startTime: new Date(0) }) },
      ],
    },
  ];
}

const damage = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    writes: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('rename' as const),
    as: fc.constantFrom('x.nir', 'x.json', 'x.h5', 'x.nwb', 'x.csv', 'circuit_config.json'),
  }),
);

function damaged(f: OpenedFile, d: typeof damage extends fc.Arbitrary<infer T> ? T : never): OpenedFile {
  if (d.kind === 'truncate') return { name: f.name, bytes: f.bytes.slice(0, d.at % f.bytes.length) };
  if (d.kind === 'rename') return { name: d.as, bytes: f.bytes };
  const bytes = f.bytes.slice();
  for (const [at, v] of d.writes) bytes[at % bytes.length] = v;
  return { name: f.name, bytes };
}

function expectNamed(r: Readers, e: unknown, names: string[], what: string): void {
  if (!r.named.some((E) => e instanceof E)) throw new Error(`${what}: not one of Luciole's named errors`, { cause: e });
  const message = (e as Error).message;
  if (!r.unnamedErrors.some((E) => e instanceof E))
    expect(
      names.some((n) => message.includes(n)),
      `${what}: "${message}" names none of ${names}`,
    ).toBe(true);
}

describe('HDF5, SONATA, NWB and NIR imports, fuzzed (fast-check)', () => {
  it(`${RUNS.toLocaleString('en')} truncated, overwritten and misnamed files read or fail by a named error`, async () => {
    const files = await corpus();
    let r = await readers();
    const good = async () => {
      await r.modelFromFiles(files[0].files);
      await r.readSpikeFile(files[3].files[0].name, files[3].files[0].bytes);
    };
    await good();
    let failed = 0;
    let crashes = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(files.length - 1), fc.nat(), damage, async (c, pick, d) => {
        const { kind, files: set } = files[c];
        const k = pick % set.length;
        const opened = set.map((f, j) => (j === k ? damaged(f, d) : f));
        const what = `${set[k].name} after ${JSON.stringify(d)}`;
        try {
          if (kind === 'model') await r.modelFromFiles(opened);
          else await r.readSpikeFile(opened[0].name, opened[0].bytes);
        } catch (e) {
          failed++;
          expectNamed(
            r,
            e,
            opened.map((f) => f.name),
            what,
          );
          if (!(e as Error).message.includes('HDF5 crashed reading this file')) return;
          // HDF5 is refused from now on, naming the file that crashed it, until a reload.
          crashes++;
          await expect(good()).rejects.toThrow(`until the page is reloaded: reading ${set[k].name} crashed`);
          vi.resetModules();
          r = await readers();
        }
      }),
      { numRuns: RUNS, seed: 16_501 },
    );
    expect(failed).toBeGreaterThan(RUNS / 4);
    expect(crashes).toBeLessThan(RUNS / 100);
    await good(); // h5wasm is still usable, its file system holds nothing left over
  });

  it('a global heap walk that would never end (an object of size 0 left by a damaged length) is refused, naming the byte', async () => {
    // lif_norse.nir's global heap holds its variable-length strings; byte 2,304 is the length of
    // string 10. Set to 64, HDF5's walk lands on zeros and loops forever (found by the fuzz above).
    const bytes = new Uint8Array(readFileSync(`${__dirname}/../../../shared/data/nir/lif_norse.nir`));
    bytes[2304] = 64;
    const r = await readers();
    await expect(r.modelFromFiles([{ name: 'lif_norse.nir', bytes }])).rejects.toThrow(
      'lif_norse.nir: corrupted HDF5 file: the global heap collection at byte 2064 holds an empty object at byte 2392 before its end',
    );
  });

  it("an Input node whose shape asks for more neurons than Luciole's limit is refused by name", async () => {
    const bytes = new Uint8Array(readFileSync(`${__dirname}/../../../shared/data/nir/lif_norse.nir`));
    bytes[8247] = 26; // inside the input node's shape (found by the fuzz above)
    const r = await readers();
    await expect(r.modelFromFiles([{ name: 'lif_norse.nir', bytes }])).rejects.toThrow(
      /node "input" \(Input\): shape: [\d,]+ neurons, [\d,]+ more than Luciole's limit of 4,194,304/,
    );
  });
});
