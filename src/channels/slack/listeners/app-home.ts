/** App Home: published on open, with the practitioner's reflections by case reference. */
import type { App } from '@slack/bolt';
import { contextValue } from '../../../core/flow';
import { OPEN_STATUSES } from '../../../core/types';
import { homeBlocks, unknownHomeBlocks, type HomeItem } from '../blocks/home';
import type { SlackContext } from './context';

const RECENT = 10;

async function items(c: SlackContext, practitionerId: string): Promise<HomeItem[]> {
  const states = await c.service.recent(practitionerId, RECENT);
  return states.map((s) => ({
    caseRef: contextValue(s, c.service.catalog, 'caseRef'),
    status: s.status,
    updatedAt: s.updatedAt,
    open: OPEN_STATUSES.includes(s.status),
  }));
}

export function registerAppHome(app: App, c: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== undefined && event.tab !== 'home') return; // the Messages tab needs nothing from us
    const user = event.user;
    await c.work.run(`home:${user}`, 'app-home', async () => {
      const practitioner = c.directory.practitioner(user);
      const w = (key: string, vars?: Record<string, string | number | undefined>) => c.service.text(key, vars);
      const blocks = practitioner
        ? homeBlocks(await items(c, practitioner.id), w)
        : unknownHomeBlocks(c.service.unknownUserReply().text);
      await c.api.publishHome(user, blocks);
    });
  });
}
