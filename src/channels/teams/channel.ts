/** Microsoft Teams as the registry knows it. Light on purpose: the Teams SDK loads only when mounted. */
import type { ChannelModule } from '../shared/types';
import { teamsSettings } from './config';

export const teamsChannel: ChannelModule = {
  name: 'teams',
  enabled: (config) => config.channels.teams !== 'off',
  identity: teamsSettings.identity,
  mount: async (deps) => (await import('./index.js')).mountTeams(deps),
};
