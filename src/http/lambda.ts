import { STATUS_CODES } from 'node:http';
import type { Answer } from '../core/delivery.js';
import { PayloadError } from '../errors.js';
import { errorAnswer, failedAnswer, receiveSafely, type ReceivingAgent, tooLargeAnswer, type TransportOptions, transportSettings } from './transport.js';

export type { ReceivingAgent, TransportOptions } from './transport.js';

/** Options of {@link toLambda}; `ackTimeoutMs` defaults to `false` (finish every handler before answering). */
export interface LambdaOptions extends TransportOptions {}

/**
 * The fields of an HTTP-triggered Lambda event the handler reads: API Gateway REST (v1) and HTTP API
 * payload 1.0, HTTP API payload 2.0, Lambda Function URLs, and Application Load Balancer targets.
 */
export interface LambdaHttpEvent {
  /** `"2.0"` for HTTP API payload 2.0 and Function URLs; `"1.0"` for HTTP API payload 1.0. */
  readonly version?: string | undefined;
  /** The method (REST v1, payload 1.0, ALB). */
  readonly httpMethod?: string | undefined;
  /** The path (REST v1, payload 1.0, ALB). */
  readonly path?: string | undefined;
  /** The path (payload 2.0, Function URLs). */
  readonly rawPath?: string | undefined;
  /** The query string as sent (payload 2.0, Function URLs). */
  readonly rawQueryString?: string | undefined;
  /** Headers, one value each. */
  readonly headers?: Readonly<Record<string, string | undefined>> | null | undefined;
  /** Headers with every value (REST v1; ALB with multi-value headers enabled). */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
  /** Query parameters, one value each. */
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null | undefined;
  /** Query parameters with every value. */
  readonly multiValueQueryStringParameters?: Readonly<Record<string, readonly string[] | undefined>> | null | undefined;
  /** Cookies, split out of the headers (payload 2.0, Function URLs). */
  readonly cookies?: readonly string[] | undefined;
  /** The body: text, or base64 when `isBase64Encoded`. */
  readonly body?: string | null | undefined;
  /** Whether `body` is base64 of the raw bytes. */
  readonly isBase64Encoded?: boolean | undefined;
  /** Where the request came through. */
  readonly requestContext?:
    | {
        /** Method and path (payload 2.0, Function URLs). */
        readonly http?: { readonly method?: string | undefined; readonly path?: string | undefined } | undefined;
        /** Present on ALB events. */
        readonly elb?: { readonly targetGroupArn?: string | undefined } | undefined;
        /** The API Gateway stage (REST v1, HTTP API). */
        readonly stage?: string | undefined;
      }
    | undefined;
}

/** The result an HTTP-triggered Lambda returns, in the shape its trigger expects. */
export interface LambdaHttpResult {
  /** The HTTP status. */
  statusCode: number;
  /** The status line's text, e.g. `200 OK` (ALB only). */
  statusDescription?: string;
  /** Response headers (every trigger except ALB with multi-value headers). */
  headers?: Record<string, string>;
  /** Response headers with every value (ALB with multi-value headers enabled). */
  multiValueHeaders?: Record<string, string[]>;
  /** The body text. */
  body: string;
  /** Always `false`: answers are JSON text. */
  isBase64Encoded: boolean;
}

/** The parts of the Lambda context object the handler accepts (unused today; any Lambda `Context` fits). */
export interface LambdaContextLike {
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis?(): number;
}

/** A two-argument async Lambda handler for HTTP triggers; it never rejects. */
export type LambdaHandler = (event: LambdaHttpEvent, context?: LambdaContextLike) => Promise<LambdaHttpResult>;

type Trigger = 'v1' | 'v2' | 'alb';

/** Headers after merging: lower-case names, several values as an array. */
type HeaderRecord = Record<string, string | string[]>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An AWS Lambda handler for an agent: `export const handler = toLambda(agent)` behind API Gateway (REST or
 * HTTP API), a Function URL or an ALB. Lambda freezes after the answer, so by default every handler finishes
 * first (`ackTimeoutMs: false`); pass a number to answer 202 earlier.
 */
export function toLambda(agent: ReceivingAgent, options?: LambdaOptions): LambdaHandler {
  const settings = transportSettings('toLambda', agent, { ...options, ackTimeoutMs: options?.ackTimeoutMs ?? false });
  return async (event, _context) => {
    const trigger = triggerOf(event);
    if (trigger === undefined) {
      const error = new PayloadError(
        'toLambda got an event that is not an HTTP request: expected API Gateway REST (httpMethod), HTTP API or a Function URL (version "2.0" with requestContext.http) or an ALB target (requestContext.elb). Check the function\'s trigger.',
      );
      settings.logger.warn(`delivery rejected: ${error.message}`, { code: error.code });
      return toResult(errorAnswer(error.code, error.message), undefined, event);
    }
    let answer: Answer;
    try {
      const body = bodyOf(event, settings.maxBodyBytes);
      answer =
        typeof body === 'number'
          ? tooLargeAnswer(body, settings.maxBodyBytes, false)
          : await receiveSafely(settings, { method: methodOf(event, trigger), url: urlOf(event, trigger), headers: headersOf(event), body });
    } catch (error) {
      if (error instanceof PayloadError) {
        settings.logger.warn(`delivery rejected: ${error.message}`, { code: error.code });
        answer = errorAnswer(error.code, error.message);
      } else {
        answer = failedAnswer(settings, error);
      }
    }
    return toResult(answer, trigger, event);
  };
}

function triggerOf(event: LambdaHttpEvent): Trigger | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const context = typeof event.requestContext === 'object' && event.requestContext !== null ? event.requestContext : undefined;
  if (typeof context?.elb === 'object' && context.elb !== null && typeof event.httpMethod === 'string') return 'alb';
  if (event.version === '2.0' && typeof context?.http?.method === 'string') return 'v2';
  if (typeof event.httpMethod === 'string' && context !== undefined) return 'v1';
  return undefined;
}

function methodOf(event: LambdaHttpEvent, trigger: Trigger): string {
  return (trigger === 'v2' ? event.requestContext?.http?.method : event.httpMethod) ?? '';
}

function urlOf(event: LambdaHttpEvent, trigger: Trigger): string {
  if (trigger === 'v2') {
    const path = event.rawPath ?? event.requestContext?.http?.path ?? '/';
    return event.rawQueryString ? `${path}?${event.rawQueryString}` : path;
  }
  const path = event.path ?? '/';
  const pairs: string[] = [];
  // ALB passes the query as sent (still encoded); API Gateway REST decodes it.
  const encode = trigger === 'alb' ? (text: string) => text : encodeURIComponent;
  const multi = event.multiValueQueryStringParameters;
  const single = event.queryStringParameters;
  if (multi) {
    for (const name in multi) for (const value of multi[name] ?? []) pairs.push(`${encode(name)}=${encode(value)}`);
  } else if (single) {
    for (const name in single) {
      const value = single[name];
      if (value !== undefined) pairs.push(`${encode(name)}=${encode(value)}`);
    }
  }
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

/** Headers of any trigger, lower-cased: every value of `multiValueHeaders`, then `headers`, then `cookies`. */
function headersOf(event: LambdaHttpEvent): HeaderRecord {
  const headers: HeaderRecord = Object.create(null) as HeaderRecord;
  const multi = event.multiValueHeaders;
  if (multi) {
    for (const name in multi) {
      const values = multi[name];
      if (!Array.isArray(values) || values.length === 0) continue;
      const key = name.toLowerCase();
      const before = headers[key];
      const merged = before === undefined ? [...values] : [...(typeof before === 'string' ? [before] : before), ...values];
      headers[key] = merged.length === 1 ? (merged[0] as string) : merged;
    }
  }
  const single = event.headers;
  if (single) {
    for (const name in single) {
      const value = single[name];
      const key = name.toLowerCase();
      if (typeof value === 'string' && headers[key] === undefined) headers[key] = value;
    }
  }
  if (Array.isArray(event.cookies) && event.cookies.length > 0 && headers.cookie === undefined) headers.cookie = event.cookies.join('; ');
  return headers;
}

/** The raw body: base64 decoded to bytes (never through a text encoding), or the text as is; a number when too large. */
function bodyOf(event: LambdaHttpEvent, limit: number): string | Uint8Array | number {
  const body = event.body;
  if (body === undefined || body === null) return '';
  if (typeof body !== 'string') throw new PayloadError('The Lambda event body is not a string.', 'body');
  if (event.isBase64Encoded !== true) {
    const size = Buffer.byteLength(body, 'utf8');
    return size > limit ? size : body;
  }
  if (body.length % 4 === 1 || !BASE64.test(body)) {
    throw new PayloadError('The Lambda event says isBase64Encoded: true but its body is not base64. Send the event as the trigger made it.', 'isBase64Encoded');
  }
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  const size = Math.floor((body.length * 3) / 4) - padding;
  return size > limit ? size : Buffer.from(body, 'base64');
}

function toResult(answer: Answer, trigger: Trigger | undefined, event: LambdaHttpEvent): LambdaHttpResult {
  if (trigger !== 'alb') return { statusCode: answer.status, headers: { ...answer.headers }, body: answer.body, isBase64Encoded: false };
  const result: LambdaHttpResult = {
    statusCode: answer.status,
    statusDescription: `${answer.status} ${STATUS_CODES[answer.status] ?? ''}`.trim(),
    body: answer.body,
    isBase64Encoded: false,
  };
  // An ALB target group with multi-value headers enabled sends them and reads only them back.
  if (event.multiValueHeaders) {
    const multi: Record<string, string[]> = {};
    for (const name in answer.headers) multi[name] = [answer.headers[name] as string];
    result.multiValueHeaders = multi;
  } else {
    result.headers = { ...answer.headers };
  }
  return result;
}
