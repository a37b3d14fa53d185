// The same minimal bot with Slack Bolt (its HTTP receiver).
import bolt from '@slack/bolt';

export const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-0000-0000-token',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? 'signing-secret',
  tokenVerificationEnabled: false,
});
app.message(async ({ message, say }) => {
  if ('text' in message) await say(`You said: ${message.text ?? ''}`);
});
if (process.env.PORT) await app.start(Number(process.env.PORT));
