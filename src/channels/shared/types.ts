/** What main.ts hands a channel, and what a channel hands back. */
import type { Express } from 'express';
import type { ReflectService } from '../../app/service';
import type { SupervisionService } from '../../app/supervision';
import type { Config } from '../../config';
import type { Deliverer } from '../../delivery/outbox';
import type { Logger } from '../../log';
import type { Store } from '../../store/port';

export interface ChannelDeps {
  app: Express; // mount routes on the shared port
  service: ReflectService;
  supervision: SupervisionService;
  store: Store;
  config: Config;
  log: Logger;
}

export interface MountedChannel {
  name: string;
  deliverer: Deliverer; // registered with the outbox worker for this channel's items
  close(): Promise<void>;
}
