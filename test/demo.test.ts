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
