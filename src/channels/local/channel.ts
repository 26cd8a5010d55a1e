/**
 * The local channel (JSON API and playground) as the registry knows it. People are known by their
 * org-file id, so it has no identity entry; replies wait in the store's inbox, so nothing is
 * delivered through the outbox.
 */
import { DeliveryError } from '../../delivery/outbox';
import type { ChannelModule } from '../shared/types';
import { LOCAL_CHANNEL } from './name';
import { localRouter } from './routes';

export const localChannel: ChannelModule = {
  name: LOCAL_CHANNEL,
  enabled: (config) => config.localChannel,
  mount: async (deps) => {
    deps.app.use('/local', localRouter(deps.service, deps.supervision));
    return {
      name: LOCAL_CHANNEL,
      deliverer: {
        // Its replies wait in the store's inbox; an outbox item for it is a bug, and retrying cannot help.
        deliver: async () => {
          throw new DeliveryError('LOCAL_HAS_NO_OUTBOX', { permanent: true });
        },
      },
      close: async () => undefined,
    };
  },
};
