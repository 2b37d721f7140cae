/**
 * Reads a user's connectome files off the main thread (large edge lists take seconds) and builds
 * the model; posts progress, then the model or the precise error.
 */
import { connectomeToModel, type ConnectomeModelOptions } from '../../io/connectome/connectomeModel';
import { importConnectome } from '../../io/connectome/importConnectome';

export interface ImportRequest {
  edges: { name: string; text: string };
  nodes?: { name: string; text: string };
  model: ConnectomeModelOptions;
  skipInvalidRows: boolean;
}

export type ImportReply =
  | { kind: 'progress'; fraction: number }
  | { kind: 'done'; model: ReturnType<typeof connectomeToModel>; skipped: string[] }
  | { kind: 'error'; message: string };

self.onmessage = (e: MessageEvent<ImportRequest>) => {
  const post = (m: ImportReply) => (self as unknown as Worker).postMessage(m);
  try {
    const { edges, nodes, model, skipInvalidRows } = e.data;
    const c = importConnectome(edges.name, edges.text, nodes && { file: nodes.name, text: nodes.text }, {
      skipInvalidRows,
      onProgress: (fraction) => post({ kind: 'progress', fraction }),
    });
    post({
      kind: 'done',
      model: connectomeToModel(c, model),
      skipped: c.skipped.map((p) => `${p.file}:${p.line}:${p.column}: expected ${p.expected}, found ${p.found}`),
    });
  } catch (err) {
    post({ kind: 'error', message: (err as Error).message });
  }
};
