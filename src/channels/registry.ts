/**
 * The channel registry: the one list of channels. A channel is a module in its own folder
 * (src/channels/<name>/channel.ts: name, config check, identity schema, mount, deliverer); adding
 * one means adding that folder and a line here. Outside src/channels, nothing names a channel:
 * test/channels/registry.test.ts checks it.
 */
import { localChannel } from './local/channel';
import type { ChannelModule } from './shared/types';
import { slackChannel } from './slack/channel';
import { teamsChannel } from './teams/channel';

export const CHANNELS: readonly ChannelModule[] = [slackChannel, teamsChannel, localChannel];

/** The channels the configuration turns on, in registry order. */
export function enabledChannels(config: Parameters<ChannelModule['enabled']>[0]): ChannelModule[] {
  return CHANNELS.filter((c) => c.enabled(config));
}
