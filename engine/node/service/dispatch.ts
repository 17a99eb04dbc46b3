/**
 * The one place a request is parsed: the method's schema from the table turns
 * the untrusted payload into the typed, defaulted value its handler receives.
 * Handlers never parse again.
 */
import type { z } from 'zod';
import { API_METHODS, isApiMethod, type MethodName, type RequestOf, type ResponseOf } from '../../core/api/schema.js';
import { EngineRequestError, type RequestIssue } from './errors.js';

export type Handler<M extends MethodName> = (request: RequestOf<M>) => Promise<ResponseOf<M>>;
export type Handlers<K extends MethodName = MethodName> = { [M in K]: Handler<M> };

function issuesOf(error: z.ZodError): RequestIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** "invalid evaluate request: config.categories: weights sum to 70, expected 100 (and 2 more)". */
function refusal(method: MethodName, issues: readonly RequestIssue[]): string {
  const [first] = issues;
  if (!first) return `invalid ${method} request`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `invalid ${method} request: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`;
}

export async function dispatch<M extends MethodName>(
  handlers: Handlers,
  method: M,
  payload: unknown,
): Promise<ResponseOf<M>> {
  // Hosts pass names that arrived over the wire; the type alone does not make them table methods.
  if (!isApiMethod(method)) throw new EngineRequestError(`unknown method ${JSON.stringify(method)}`);
  const parsed = API_METHODS[method].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new EngineRequestError(refusal(method, issues), issues);
  }
  const handler: Handler<M> = handlers[method];
  return handler(parsed.data as RequestOf<M>);
}
