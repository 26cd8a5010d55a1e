/** Slack as the registry knows it. Light on purpose: Bolt loads only when the channel is mounted. */
import type { ChannelModule } from '../shared/types';
import { slackSettings } from './config';

export const slackChannel: ChannelModule = {
  name: 'slack',
  enabled: (config) => config.channels.slack !== 'off',
  identity: slackSettings.identity,
  mount: async (deps) => (await import('./index.js')).mountSlack(deps),
};
