/**
 * The engine behind the typed API. Hosts (Electron IPC, local HTTP) hand it
 * untrusted `(method, payload)` pairs; the dispatcher parses the payload once
 * with the method's schema and the domain's handler runs it on the state.
 */
import { isEngineMethod, type MethodName, type ResponseOf } from '../core/api/schema.js';
import type { Engine, FileIntake } from '../core/api/engine.js';
import type { FileInfo } from '../core/api/importSchema.js';
import { backtestHandlers } from './service/backtestHandlers.js';
import { dispatch, type Handlers } from './service/dispatch.js';
import { EngineRequestError } from './service/errors.js';
import { registerPath, registerUpload } from './service/fileIntake.js';
import { importHandlers } from './service/importHandlers.js';
import { EngineState, type EngineOptions } from './service/state.js';
import { statusHandlers } from './service/statusHandlers.js';
import { workspaceHandlers } from './service/workspaceHandlers.js';

export { EngineRequestError, type RequestIssue } from './service/errors.js';
export { safeFileName } from './service/fileIntake.js';
export type { EngineOptions } from './service/state.js';

export class EngineService implements Engine, FileIntake {
  private readonly state: EngineState;
  private readonly handlers: Handlers;

  constructor(options: EngineOptions) {
    this.state = new EngineState(options);
    this.handlers = {
      ...statusHandlers(this.state),
      ...backtestHandlers(this.state),
      ...importHandlers(this.state),
      ...workspaceHandlers(this.state),
    };
  }

  /** Resolves once the data is loaded (rejects if loading failed). */
  whenReady(): Promise<void> {
    return this.state.ready;
  }

  /** Parse and run one method of the table. Throws EngineRequestError for a bad method or payload. */
  call<M extends MethodName>(method: M, payload: unknown): Promise<ResponseOf<M>> {
    return dispatch(this.handlers, method, payload);
  }

  /** One JSON method by a name that arrived as data (tests, the CLI). */
  async handle(method: unknown, payload: unknown): Promise<unknown> {
    if (!isEngineMethod(method)) throw new EngineRequestError(`unknown method ${JSON.stringify(method)}`);
    return this.call(method, payload);
  }

  /** The snapshot frame as bytes; weekly snapshots are built on first request. */
  snapshotFrame(cadence: unknown = 'monthly'): Promise<Uint8Array> {
    return this.call('getSnapshotFrame', { cadence });
  }

  /** A file on this machine the user chose (dialog, drop, command line). */
  registerPath(path: string, name?: string): Promise<FileInfo> {
    return registerPath(this.state, path, name);
  }

  /** A file sent over HTTP by the web host: streamed to disk, then registered like a chosen file. */
  registerUpload(name: string, body: AsyncIterable<Uint8Array>): Promise<FileInfo> {
    return registerUpload(this.state, name, body);
  }

  close(): Promise<void> {
    return this.state.close();
  }
}
