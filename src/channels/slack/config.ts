/**
 * Slack's settings, read before any channel loads: its mode from the environment and how the
 * organisation file names a person on Slack (the `slack:` entries). Only zod here, never Bolt, so
 * config can compose it without slowing cold start.
 */
import { z } from 'zod';
import type { Env } from '../../config/env';

const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id such as U0123ABC');
const slackChannel = z.string().regex(/^[CDG][A-Z0-9]{2,}$/, 'expected a Slack channel id such as C0123ABC');

export type SlackMode = 'http' | 'socket' | 'off';

export const slackSettings = {
  label: 'Slack',
  mode: (e: Env): SlackMode =>
    e.SLACK_APP_TOKEN && e.SLACK_BOT_TOKEN ? 'socket' : e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET ? 'http' : 'off',
  identity: {
    supervisor: z.strictObject({ user: slackUser, channel: slackChannel.optional() }).optional(),
    practitioner: z.strictObject({ user: slackUser }).optional(),
    escalation: z.strictObject({ user: slackUser.optional(), channel: slackChannel.optional() }).optional(),
  },
};
