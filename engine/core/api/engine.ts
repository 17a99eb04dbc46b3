/**
 * The engine as every host sees it (Electron IPC, the local web host), derived
 * from the method table: one call per method, the payload as it arrived. The
 * engine parses it once with the method's request schema and answers the
 * method's response: plain data, or bytes for a bytes method.
 */
import type { FileInfo } from './importSchema.js';
import type { MethodName, ResponseOf } from './schema/methods.js';

export interface Engine {
  /** Rejects with an EngineRequestError (message and `issues`) when the payload does not fit the method. */
  call<M extends MethodName>(method: M, payload: unknown): Promise<ResponseOf<M>>;
}

/** How files the user chose reach the engine, outside the method table: each host has its own way in. */
export interface FileIntake {
  /** A file on this machine (native dialog, drop, command line): the desktop app. */
  registerPath(path: string): Promise<FileInfo>;
  /** A file sent over HTTP, streamed to the engine's disk: the web host. */
  registerUpload(name: string, body: AsyncIterable<Uint8Array>): Promise<FileInfo>;
}
