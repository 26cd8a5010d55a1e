/**
 * Starting or carrying on: the /reflect command and App Home's "Start a reflection" button. Both
 * ack at once and then resume the open reflection, or start one; the questions arrive in the DM.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { parseCommand } from '../../../core/commands';
import type { EngineInput } from '../../../core/types';
import { ACTION, dedupeId } from '../ids';
import { supervisorBlocks } from './app-home';
import { refuseUnknown, runTurn, unescapeSlack, type SlackContext } from './context';

/** "/reflect" alone resumes or starts; "/reflect urgent" (pause, help…) runs that command, even as the first thing. */
function commandInput(text: string): EngineInput {
  const t = unescapeSlack(text).trim();
  const command = t ? parseCommand(t, false) : 'resume';
  return command ? { type: 'command', command } : { type: 'text', text: t };
}

function start(c: SlackContext, slackUser: string, input: EngineInput, triggerId: string, what: string): Promise<void> {
  const id = dedupeId.interaction(triggerId);
  const practitioner = c.directory.practitioner(slackUser);
  if (!practitioner) {
    if (c.directory.supervisor(slackUser)) return showSupervisor(c, slackUser, id);
    return refuseUnknown(c, slackUser, undefined, id);
  }
  return runTurn(c, { practitionerId: practitioner.id, slackUser }, input, id, what);
}

/** A supervisor's /reflect: their open case threads and flags awaiting Picked up, in their DM. */
function showSupervisor(c: SlackContext, slackUser: string, id: string): Promise<void> {
  if (!c.unknownSeen.add(id)) return Promise.resolve();
  return c.work.run(`notice:${slackUser}`, 'supervisor-overview', async () => {
    const blocks = (await supervisorBlocks(c, slackUser)) ?? [];
    const channel = await c.api.openDm(slackUser);
    await c.api.post({ channel, text: c.service.text('slackSupervisorHint'), blocks: blocks.slice(0, 50) });
  });
}

export function registerStart(app: App, c: SlackContext): void {
  app.command('/reflect', async ({ ack, command }) => {
    await ack();
    await start(c, command.user_id, commandInput(command.text), command.trigger_id, 'command');
  });

  app.action<BlockAction<ButtonAction>>(ACTION.start, async ({ ack, body }) => {
    await ack();
    await start(c, body.user.id, { type: 'command', command: 'resume' }, body.trigger_id, 'home-start');
  });

  // A press on a button Reflect never sent (another app's message, an old version's ids): without
  // an ack Bolt answers 404 after 3 s and Slack shows the person an error. Nothing else happens.
  app.action({ action_id: /^(?!reflect\.)/ }, async ({ ack }) => {
    await ack();
    c.log.debug({ code: 'SLACK_UNKNOWN_ACTION' }, 'press on a button Reflect did not send');
  });
}
