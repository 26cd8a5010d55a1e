/**
 * The registry's light half: each channel's settings (its mode from the environment, its identity
 * schemas in the organisation file), keyed by channel name. Config composes the environment and the
 * org file from this list before any channel loads, so it imports zod only, never an SDK; the
 * channel modules in ./registry.ts stay lazily loaded. registry.test.ts checks both lists agree.
 */
import type { z } from 'zod';
import type { Env } from '../config/env';
import { slackSettings } from './slack/config';
import { teamsSettings } from './teams/config';

export const CHANNEL_SETTINGS = { slack: slackSettings, teams: teamsSettings } as const;

type Settings = typeof CHANNEL_SETTINGS;
type Name = keyof Settings;
type Role = keyof Settings[Name]['identity'];

/** Each channel's mode, as config.channels holds it. */
export type ChannelModes = { [K in Name]: ReturnType<Settings[K]['mode']> };

export function channelModes(e: Env): ChannelModes {
  const modes = Object.fromEntries(Object.entries(CHANNEL_SETTINGS).map(([name, s]) => [name, s.mode(e)]));
  return modes as ChannelModes;
}

/** One role's identity schemas, one optional entry per channel, to spread into an org-file schema. */
export function identities<R extends Role>(role: R): { [K in Name]: Settings[K]['identity'][R] } {
  const entries = Object.entries(CHANNEL_SETTINGS).map(([name, s]) => [name, s.identity[role] as z.ZodType]);
  return Object.fromEntries(entries) as { [K in Name]: Settings[K]['identity'][R] };
}

/** The channels' names as people read them ("Slack or Teams"), for error messages. */
export const CHANNEL_LABELS: readonly string[] = Object.values(CHANNEL_SETTINGS).map((s) => s.label);
