/** What main.ts hands a channel, and what a channel hands back. */
import type { Express } from 'express';
import type { ZodType } from 'zod';
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

/**
 * A channel as the registry (../registry.ts) knows it: everything the rest of the app needs,
 * so adding a channel touches only its own folder and the registry's one list.
 */
export interface ChannelModule {
  name: string;
  /** Config check: whether the environment turns this channel on (its own variables, validated by config). */
  enabled(config: Config): boolean;
  /**
   * How the organisation file names a person on this channel (its `<name>:` entry). A supervisor
   * with one is reached here; without, their thread falls back to the local view.
   */
  identity?: { supervisor: ZodType; practitioner: ZodType };
  /** Mounts routes on the shared app and returns the outbox deliverer. Loads the SDK only when called. */
  mount(deps: ChannelDeps): Promise<MountedChannel>;
}
