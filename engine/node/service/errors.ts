export interface RequestIssue {
  path: string;
  message: string;
}

/** A request the engine refuses: hosts answer it as a client error (HTTP 400, an IPC failure value) with its issues. */
export class EngineRequestError extends Error {
  constructor(
    message: string,
    readonly issues: RequestIssue[] = [],
  ) {
    super(message);
    this.name = 'EngineRequestError';
  }
}
