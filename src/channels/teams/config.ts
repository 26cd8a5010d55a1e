/**
 * Teams's settings, read before any channel loads: its mode from the environment and how the
 * organisation file names a person on Teams (the `teams:` entries). Only zod here, never the Teams
 * SDK, so config can compose it without slowing cold start.
 */
import { z } from 'zod';
import type { Env } from '../../config/env';

const user = z.string().min(1).max(200);
const channel = z.string().min(1).max(500);

export type TeamsMode = 'authenticated' | 'unauthenticated' | 'off';

export const teamsSettings = {
  label: 'Teams',
  mode: (e: Env): TeamsMode =>
    e.CLIENT_ID ? 'authenticated' : e.DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS ? 'unauthenticated' : 'off',
  identity: {
    supervisor: z.strictObject({ user, channel: channel.optional() }).optional(),
    practitioner: z.strictObject({ user }).optional(),
    escalation: z.strictObject({ user: user.optional(), channel: channel.optional() }).optional(),
  },
};
