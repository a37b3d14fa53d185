import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2, LambdaFunctionURLEvent } from 'aws-lambda';

// Events shaped like AWS's documented samples (API Gateway REST proxy integration, HTTP API payload 2.0,
// Lambda Function URL request payload, ALB target request), carrying a given body and headers.

/** How a sample event carries the body. */
export interface EventBody {
  /** The raw body text (UTF-8). */
  body: string;
  /** Request headers as the client sent them (any case). */
  headers: Record<string, string>;
  /** Send the body base64-encoded, as AWS does for binary media types and Function URLs with non-text types. */
  base64?: boolean;
  method?: string;
}

function payload(input: EventBody): { body: string; isBase64Encoded: boolean } {
  return input.base64 ? { body: Buffer.from(input.body, 'utf8').toString('base64'), isBase64Encoded: true } : { body: input.body, isBase64Encoded: false };
}

/** API Gateway REST API, Lambda proxy integration (payload 1.0). Header names keep the client's case. */
export function restApiV1Event(input: EventBody): APIGatewayProxyEvent {
  const multiValueHeaders: Record<string, string[]> = {
    Accept: ['*/*'],
    Host: ['abcdef123.execute-api.us-east-1.amazonaws.com'],
    'User-Agent': ['Chatwoot'],
    'X-Amzn-Trace-Id': ['Root=1-5e66d96f-7491f09xmpl79d18acf3d050'],
    'X-Forwarded-For': ['52.255.255.12'],
    'X-Forwarded-Port': ['443'],
    'X-Forwarded-Proto': ['https'],
  };
  for (const [name, value] of Object.entries(input.headers)) multiValueHeaders[name] = [value];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values[values.length - 1] as string]));
  return {
    resource: '/webhook',
    path: '/webhook',
    httpMethod: input.method ?? 'POST',
    headers,
    multiValueHeaders,
    queryStringParameters: { inbox: 'support' },
    multiValueQueryStringParameters: { inbox: ['support'] },
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef123',
      authorizer: undefined,
      domainName: 'abcdef123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abcdef123',
      extendedRequestId: 'BQGojGkBoAMFNdQ=',
      httpMethod: input.method ?? 'POST',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '52.255.255.12',
        user: null,
        userAgent: 'Chatwoot',
        userArn: null,
      },
      path: '/prod/webhook',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '09/Apr/2015:12:34:56 +0000',
      requestTimeEpoch: 1428582896000,
      resourceId: '123456',
      resourcePath: '/webhook',
      stage: 'prod',
    },
    ...payload(input),
  };
}

function v2RequestContext(domain: string, method: string) {
  return {
    accountId: '123456789012',
    apiId: domain.split('.')[0] as string,
    domainName: domain,
    domainPrefix: domain.split('.')[0] as string,
    http: { method, path: '/webhook', protocol: 'HTTP/1.1', sourceIp: '52.255.255.12', userAgent: 'Chatwoot' },
    requestId: 'JKJaXmPLvHcESHA=',
    routeKey: '$default',
    stage: '$default',
    time: '10/Mar/2020:05:16:23 +0000',
    timeEpoch: 1583817383220,
  };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** API Gateway HTTP API, payload format 2.0: header names lower-cased, cookies apart. */
export function httpApiV2Event(input: EventBody): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhook',
    rawQueryString: 'inbox=support&inbox=sales',
    cookies: ['session=abc'],
    headers: {
      accept: '*/*',
      host: 'r3pmxmplak.execute-api.us-east-2.amazonaws.com',
      'user-agent': 'Chatwoot',
      'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
      'x-forwarded-for': '52.255.255.12',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...lowerCased(input.headers),
    },
    queryStringParameters: { inbox: 'support,sales' },
    requestContext: v2RequestContext('r3pmxmplak.execute-api.us-east-2.amazonaws.com', input.method ?? 'POST'),
    ...payload(input),
  };
}

/** A Lambda Function URL request (payload 2.0 with `lambda-url` domain and no route). */
export function functionUrlEvent(input: EventBody): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/webhook',
    rawQueryString: '',
    headers: {
      'x-amzn-tls-cipher-suite': 'ECDHE-RSA-AES128-GCM-SHA256',
      'x-amzn-tls-version': 'TLSv1.2',
      'x-amzn-trace-id': 'Root=1-62ecd163-5f302e550dcde3b12402207d',
      'x-forwarded-proto': 'https',
      host: 'a1b2c3d4e5f6.lambda-url.us-east-1.on.aws',
      'x-forwarded-port': '443',
      'x-forwarded-for': '52.255.255.12',
      accept: '*/*',
      'user-agent': 'Chatwoot',
      ...lowerCased(input.headers),
    },
    requestContext: { ...v2RequestContext('a1b2c3d4e5f6.lambda-url.us-east-1.on.aws', input.method ?? 'POST'), accountId: 'anonymous' },
    ...payload(input),
  };
}

/** An ALB target request; with `multiValue`, the target group has multi-value headers enabled. */
export function albEvent(input: EventBody & { multiValue?: boolean }): ALBEvent {
  const headers: Record<string, string> = {
    accept: '*/*',
    host: 'lambda-alb-123578498.us-east-1.elb.amazonaws.com',
    'user-agent': 'Chatwoot',
    'x-amzn-trace-id': 'Root=1-5c536348-3d683b8b04734faae651f476',
    'x-forwarded-for': '52.255.255.12',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...lowerCased(input.headers),
  };
  const base = {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-chatwoot/6d0ecf831eec9f09' } },
    httpMethod: input.method ?? 'POST',
    path: '/webhook',
    ...payload(input),
  };
  if (input.multiValue) {
    return {
      ...base,
      multiValueQueryStringParameters: { inbox: ['support%20team'] },
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    };
  }
  return { ...base, queryStringParameters: { inbox: 'support%20team' }, headers };
}
