// The same minimal bot with Stripe: constructEvent in a node:http server.
import { createServer } from 'node:http';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY ?? 'sk_test_key');
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_secret';

export const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const event = stripe.webhooks.constructEvent(Buffer.concat(chunks), req.headers['stripe-signature'] ?? '', secret);
      console.log(event.type);
      res.writeHead(200).end();
    } catch {
      res.writeHead(400).end();
    }
  });
});
if (process.env.PORT) server.listen(Number(process.env.PORT));
