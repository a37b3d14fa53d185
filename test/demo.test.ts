import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('runs the scripted Chatwoot conversation to the end and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'demo/chatwoot-demo.ts'], { timeout: 60_000 });
    // The bot greets, answers with quick replies, escalates, stays silent while Alice talks, resumes and resolves.
    expect(stdout).toMatch(/\[bot  \] bot   › Hi Ada! I am the shop's assistant/);
    expect(stdout).toMatch(/› You asked: "Where is my order\?".*\[Track my parcel\] \[Talk to a human\]/);
    expect(stdout).toMatch(/the bot set the status pending → open/);
    expect(stdout).toMatch(/event handed_off \(bot → human, by bot: the contact asked for a human\)/);
    expect(stdout).toMatch(/\[human\] Alice › Hi Ada, Alice here/);
    expect(stdout).toMatch(/bot observes contact's message in standby/);
    expect(stdout).toMatch(/event handed_back \(human → bot, by platform\)/);
    expect(stdout).toMatch(/\[bot  \] bot   › I am back, Ada/);
    expect(stdout).toMatch(/event conversation_resolved \(bot → none, by bot\)/);
    expect(stdout).toMatch(/Done: conversation resolved, owner none; the bot sent \d+ messages, 0 of them while a human owned the conversation\./);
  }, 60_000);
});

describe('npm run demo (Messenger)', () => {
  it('runs the handover-protocol conversation: escalate, standby, pass back, resume', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'demo/messenger-demo.ts'], { timeout: 60_000 });
    expect(stdout).toMatch(/the bot passed the thread to app 263902037430900 \(the contact asked for a human\)/);
    expect(stdout).toMatch(/event handed_off \(bot → human, by bot: the contact asked for a human\)/);
    expect(stdout).toMatch(/bot observes an agent message on standby/);
    expect(stdout).toMatch(/\[human\] contact› My parcel is late\.\n\s+· +bot observes a contact message on standby/);
    expect(stdout).toMatch(/event handed_back \(human → bot, by platform: done\)/);
    expect(stdout).toMatch(/\[bot  \] bot    › I am back\./);
    expect(stdout).toMatch(/Done: the thread is owned by the bot/);
    // The bot never wrote while the thread was the inbox's: every bot line carries the bot's ownership.
    expect(stdout).not.toMatch(/\[human\] bot/);
  }, 60_000);
});

describe('npm run demo (Sunshine)', () => {
  it('runs the switchboard conversation: French replies, escalate with first_message_id, standby, pass back, resume', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'demo/sunshine-demo.ts'], { timeout: 60_000 });
    expect(stdout).toMatch(/\[bot  \] bot     › Comment puis-je vous aider \?  \[Suivre mon colis\] \[Parler à un humain\]/);
    expect(stdout).toMatch(/passControl to zd:agentWorkspace \(reason: the contact asked for a human; the ticket starts at message msg-1\)/);
    expect(stdout).toMatch(/event handed_off \(bot → human, by bot; contact locale fr-CA\)/);
    expect(stdout).toMatch(/bot observes an agent message on standby/);
    expect(stdout).toMatch(/event handed_back \(human → bot, by platform; contact locale fr-CA\)/);
    expect(stdout).toMatch(/\[bot  \] bot     › Me revoici\. Autre chose \?/);
    expect(stdout).toMatch(/Done: the conversation is owned by the bot/);
    // The bot never wrote while the agent workspace was active.
    expect(stdout).not.toMatch(/\[human\] bot/);
  }, 60_000);
});

describe('npm run demo (iAdvize)', () => {
  it('runs the messaging-to-call conversation: consent, letters re-asked, Twilio refusal relayed, one call, close; a transfer with its fallback', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'demo/iadvize-demo.ts'], { timeout: 60_000 });
    expect(stdout).toMatch(/iAdvize · GET \/external-bots → callback \(Callback bot\)/);
    expect(stdout).toMatch(/bot {5}› Hello! Would you like us to call you\? {2}\[call me\] \[talk to a human\]/);
    expect(stdout).toMatch(/bot {5}› We use your number only to call you back about this conversation\.\n {2}bot {5}› Which phone number can we call you at\?/);
    // Letters only: asked again, Twilio not called.
    expect(stdout).toMatch(/visitor › my phone\n {2}bot {5}› That does not look like a phone number/);
    expect(stdout).toMatch(
      /Twilio {2}· refuses To=0612 \(21211\)\n {2}bot {5}› The 'To' number 0612 is not a valid phone number\. Please send your phone number again\./,
    );
    expect(stdout).toMatch(/Twilio {2}· call CA0+1 to \+33 6 12 34 56 78 queued/);
    expect(stdout).toMatch(/bot {5}› Thank you, we are calling you at \+33 6 12 34 56 78\.\n {2}iAdvize · close the conversation/);
    expect(stdout).toMatch(/iAdvize · await 1000 millis/);
    expect(stdout).toMatch(
      /iAdvize · transfer to distribution rule ef4670c3-d715-4a21-8226-ed17f354fc44 \(tried for 20 s\)\n {2}bot {5}› if the transfer fails: Nobody is available/,
    );
    expect(stdout).toMatch(/Done: Twilio placed 1 call; agent\.escalations\(\) counts 2 escalations \(by channel \{"call":1,"default":1\}/);
    expect(stdout.match(/Twilio {2}· call /g)).toHaveLength(1);
  }, 60_000);
});
