import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of src/ (see ARCHITECTURE.md). A layer may import only from layers of LOWER rank and
// from inside itself; layers of the same rank are siblings and do not import each other.
// Every folder directly under src/ must appear here (test/layering.test.ts checks it).
const LAYERS = [
  { name: 'random', rank: 0 },
  { name: 'gpu', rank: 0 },
  { name: 'codegen', rank: 0 },
  { name: 'model', rank: 1 },
  { name: 'network', rank: 2 },
  { name: 'engine', rank: 3 },
  { name: 'learning', rank: 4 },
  { name: 'io', rank: 4 },
  { name: 'analysis', rank: 5 },
  { name: 'examples', rank: 6 },
  { name: 'lessons', rank: 6 },
  { name: 'views', rank: 7 },
  { name: 'ui', rank: 8 },
  { name: 'cli', rank: 8 },
];

// Test files and test helpers may reach across layers.
const LAYERING_EXEMPT = ['src/**/*.test.ts', 'src/**/*.suite.ts', 'src/**/testModels.ts'];

// Deepest folder nesting inside a layer that is checked: depth 1 is src/<layer>/x.ts, depth 2 is
// src/<layer>/<sub>/x.ts, ... (today's deepest is 4: src/engine/oscillators/webgpu/passes/). The
// test fails if a file lies deeper than this.
const MAX_LAYER_DEPTH = 8;

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// One block per layer and depth. A file at depth d reaches src/<other> with exactly d '../'
// (optionally after a './'), so the regex is anchored on that exact climb: a relative import that
// stays inside the layer ('../cpu/cpuBackend' from src/engine/webgpu/) never matches, even if a
// subfolder is one day named like a layer.
function layeringBlocks() {
  const blocks = [];
  for (const from of LAYERS) {
    const forbidden = LAYERS.filter((to) => to.name !== from.name && to.rank >= from.rank);
    for (let depth = 1; depth <= MAX_LAYER_DEPTH; depth++) {
      const climb = `^(?:\\./)?(?:\\.\\./){${depth}}`;
      blocks.push({
        name: `layering/${from.name}/depth-${depth}`,
        files: [`src/${from.name}/${'*/'.repeat(depth - 1)}*.ts`],
        ignores: LAYERING_EXEMPT,
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: forbidden.map((to) => ({
                regex: `${climb}${escapeRegex(to.name)}(?:/|$)`,
                message:
                  `src/${from.name} (layer ${from.rank}) may not import src/${to.name} (layer ${to.rank}): ` +
                  (to.rank === from.rank
                    ? `layers of the same rank are siblings and do not import each other (see ARCHITECTURE.md)`
                    : `a layer imports only from layers below it (see ARCHITECTURE.md)`),
              })),
            },
          ],
        },
      });
    }
  }
  return blocks;
}

export default tseslint.config(
  { ignores: ['scratch/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/out/', '.gpu-bench/', '.gl/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...layeringBlocks(),
);
