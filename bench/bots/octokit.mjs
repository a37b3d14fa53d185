// The same minimal bot with @octokit/webhooks: Webhooks + its node middleware.
import { createServer } from 'node:http';
import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';

const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET ?? 'webhook-secret' });
webhooks.on('issue_comment.created', ({ payload }) => console.log(payload.comment.body));

export const server = createServer(createNodeMiddleware(webhooks));
if (process.env.PORT) server.listen(Number(process.env.PORT));
