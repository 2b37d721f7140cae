// The layering rule in eslint.config.js: a layer of src/ imports only from layers of lower rank
// (see ARCHITECTURE.md). These tests lint probe files (which need not exist) through ESLint's own
// API, so they fail if the rule is removed, weakened or mis-anchored.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

const RULE = 'no-restricted-imports';
const BELOW = 'a layer imports only from layers below it (see ARCHITECTURE.md)';
const SIBLING = 'layers of the same rank are siblings and do not import each other (see ARCHITECTURE.md)';

async function layeringMessages(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === RULE);
}

const restricted = (specifier: string, why: string) => `'${specifier}' import is restricted from being used by a pattern. ${why}`;

describe('layering (no-restricted-imports)', () => {
  const wrong: { name: string; file: string; specifier: string; why: string }[] = [
    {
      name: 'network → engine',
      file: 'src/network/layeringProbe.ts',
      specifier: '../engine/simulation',
      why: `src/network (layer 2) may not import src/engine (layer 3): ${BELOW}`,
    },
    {
      name: 'model → network',
      file: 'src/model/layeringProbe.ts',
      specifier: '../network/buildNetwork',
      why: `src/model (layer 1) may not import src/network (layer 2): ${BELOW}`,
    },
    {
      name: 'views → ui',
      file: 'src/views/layeringProbe.ts',
      specifier: '../ui/labController',
      why: `src/views (layer 7) may not import src/ui (layer 8): ${BELOW}`,
    },
    {
      name: 'ui → cli (siblings)',
      file: 'src/ui/layeringProbe.ts',
      specifier: '../cli/main',
      why: `src/ui (layer 8) may not import src/cli (layer 8): ${SIBLING}`,
    },
    {
      name: 'io → learning (siblings)',
      file: 'src/io/layeringProbe.ts',
      specifier: '../learning/digits',
      why: `src/io (layer 4) may not import src/learning (layer 4): ${SIBLING}`,
    },
    {
      name: 'gpu → codegen (rank-0 siblings)',
      file: 'src/gpu/layeringProbe.ts',
      specifier: '../codegen/emit',
      why: `src/gpu (layer 0) may not import src/codegen (layer 0): ${SIBLING}`,
    },
    {
      name: 'engine/cpu → ui, two folders deep',
      file: 'src/engine/cpu/layeringProbe.ts',
      specifier: '../../ui/foo',
      why: `src/engine (layer 3) may not import src/ui (layer 8): ${BELOW}`,
    },
    {
      name: 'io/connectome → learning, two folders deep',
      file: 'src/io/connectome/layeringProbe.ts',
      specifier: '../../learning',
      why: `src/io (layer 4) may not import src/learning (layer 4): ${SIBLING}`,
    },
    {
      name: 'engine/oscillators/webgpu/passes → views, four folders deep',
      file: 'src/engine/oscillators/webgpu/passes/layeringProbe.ts',
      specifier: '../../../../views/phaseCircle',
      why: `src/engine (layer 3) may not import src/views (layer 7): ${BELOW}`,
    },
  ];

  for (const c of wrong) {
    it(`flags ${c.name}`, async () => {
      const messages = await layeringMessages(c.file, `import '${c.specifier}';\n`);
      expect(messages.map((m) => ({ severity: m.severity, message: m.message }))).toEqual([
        { severity: 2, message: restricted(c.specifier, c.why) },
      ]);
    });
  }

  it('flags type-only imports and re-exports too', async () => {
    const why = `src/network (layer 2) may not import src/engine (layer 3): ${BELOW}`;
    const code = [
      "import type { Run } from '../engine/simulation';",
      "export { Run as S } from '../engine/simulation';",
      "export * from '../engine';",
      'export type T = Run;',
      '',
    ].join('\n');
    const messages = await layeringMessages('src/network/layeringProbe.ts', code);
    expect(messages.map((m) => [m.line, m.message])).toEqual([
      [1, restricted('../engine/simulation', why)],
      [2, restricted('../engine/simulation', why)],
      [3, restricted('../engine', why)],
    ]);
  });

  const right: { name: string; file: string; specifier: string }[] = [
    { name: 'engine → network', file: 'src/engine/layeringProbe.ts', specifier: '../network/buildNetwork' },
    { name: 'ui → views', file: 'src/ui/layeringProbe.ts', specifier: '../views/raster' },
    { name: 'cli → every lower layer', file: 'src/cli/layeringProbe.ts', specifier: '../examples/index' },
    { name: 'engine/webgpu → its engine/cpu sibling', file: 'src/engine/webgpu/layeringProbe.ts', specifier: '../cpu/cpuOscillators' },
    { name: 'engine/webgpu → the gpu layer', file: 'src/engine/webgpu/layeringProbe.ts', specifier: '../../gpu/nodeDevice' },
    { name: 'learning/webgpu → engine', file: 'src/learning/webgpu/layeringProbe.ts', specifier: '../../engine/webgpu/layouts' },
    {
      name: 'engine/oscillators/webgpu → engine/webgpu',
      file: 'src/engine/oscillators/webgpu/layeringProbe.ts',
      specifier: '../../webgpu/layouts',
    },
    { name: 'io/connectome → model', file: 'src/io/connectome/layeringProbe.ts', specifier: '../../model/schema' },
    { name: 'io/connectome → io', file: 'src/io/connectome/layeringProbe.ts', specifier: '../spikesCsv' },
    { name: 'a file inside its own layer', file: 'src/network/layeringProbe.ts', specifier: './connectivity' },
    { name: 'a package', file: 'src/model/layeringProbe.ts', specifier: 'zod' },
    { name: 'a folder outside src', file: 'src/cli/layeringProbe.ts', specifier: '../../bench/networks' },
    // A subfolder named like a forbidden layer (src/engine/io/, hypothetical) is not that layer.
    { name: 'a subfolder named like a forbidden layer', file: 'src/engine/webgpu/layeringProbe.ts', specifier: '../io/x' },
  ];

  for (const c of right) {
    it(`allows ${c.name}`, async () => {
      expect(await layeringMessages(c.file, `import '${c.specifier}';\n`)).toEqual([]);
    });
  }

  for (const file of ['src/model/x.test.ts', 'src/engine/webgpu/x.gpu.test.ts', 'src/network/x.suite.ts', 'src/model/testModels.ts']) {
    it(`exempts the test file ${file}`, async () => {
      const code = "import '../engine/simulation';\nimport '../../ui/labController';\n";
      expect(await layeringMessages(file, code)).toEqual([]);
    });
  }

  it('covers every folder under src/ and every non-test source file in it', async () => {
    const isExempt = (f: string) => /\.test\.ts$|\.suite\.ts$|(^|\/)testModels\.ts$/.test(f);
    const layered = async (f: string) => {
      const config = (await eslint.calculateConfigForFile(f)) as { rules?: Record<string, unknown[]> };
      return config.rules?.[RULE]?.[0] === 2;
    };
    const folders = readdirSync('src', { withFileTypes: true }).filter((e) => e.isDirectory());
    expect(folders.length).toBeGreaterThan(0);
    const unlayered: string[] = [];
    for (const folder of folders) {
      // A folder missing from the table in eslint.config.js would escape the rule.
      if (!(await layered(`src/${folder.name}/layeringProbe.ts`))) unlayered.push(`src/${folder.name}/ (not in the layer table)`);
      const files = readdirSync(join('src', folder.name), { recursive: true, encoding: 'utf8' })
        .map((f) =>
          relative('.', join('src', folder.name, f))
            .split('\\')
            .join('/'),
        )
        .filter((f) => f.endsWith('.ts'));
      for (const f of files) {
        // A file deeper than MAX_LAYER_DEPTH would escape the rule.
        if (isExempt(f) ? await layered(f) : !(await layered(f))) unlayered.push(f);
      }
    }
    expect(unlayered).toEqual([]);
  });
});
