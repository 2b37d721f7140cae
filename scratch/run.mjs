import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
registerTsx();
register('../bin/raw-loader.mjs', import.meta.url);
await import(process.argv[2]);
