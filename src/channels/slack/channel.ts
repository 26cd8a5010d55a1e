/** Slack as the registry knows it. Light on purpose: Bolt loads only when the channel is mounted. */
import { practitionerSchema, supervisorSchema } from '../../config/org';
import type { ChannelModule } from '../shared/types';

export const slackChannel: ChannelModule = {
  name: 'slack',
  enabled: (config) => config.slack !== 'off',
  identity: { supervisor: supervisorSchema.shape.slack, practitioner: practitionerSchema.shape.slack },
  mount: async (deps) => (await import('./index.js')).mountSlack(deps),
};
