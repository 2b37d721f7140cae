import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  // three.js, zod and uPlot make one ~1 MB bundle; the app loads it once.
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1600 },
  plugins: [
    // Offline use and installation (Workbox through vite-plugin-pwa): the app's code, styles and
    // pages are precached on the first visit; the data files (connectomes, digits) are cached the
    // first time a model reads them.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['icons/*.png'],
      manifest: {
        name: 'Luciole — spiking networks on the GPU',
        short_name: 'Luciole',
        description:
          'A spiking neural network lab that runs in the browser, on the GPU: simulate, learn from lessons, export spike trains.',
        start_url: '.',
        display: 'standalone',
        background_color: '#14203c',
        theme_color: '#14203c',
        icons: [
          { src: 'icons/luciole-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/luciole-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/luciole-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The first visit's worker controls the page at once, so that the app works offline from then on.
        clientsClaim: true,
        skipWaiting: true,
        globPatterns: ['**/*.{js,css,html,wasm,png}'],
        globIgnores: ['lib/**', 'data/**'],
        // h5wasm's module and the streaming worker are about 5 MB each.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/\/data\//, /\/lib\//, /embed\.html$/],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.includes('/data/'),
            handler: 'CacheFirst',
            options: { cacheName: 'luciole-data' },
          },
        ],
      },
    }),
  ],
});
