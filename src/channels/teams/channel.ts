/** Microsoft Teams as the registry knows it. Light on purpose: the Teams SDK loads only when mounted. */
import { practitionerSchema, supervisorSchema } from '../../config/org';
import type { ChannelModule } from '../shared/types';

export const teamsChannel: ChannelModule = {
  name: 'teams',
  enabled: (config) => config.teams !== 'off',
  identity: { supervisor: supervisorSchema.shape.teams, practitioner: practitionerSchema.shape.teams },
  mount: async (deps) => (await import('./index.js')).mountTeams(deps),
};
